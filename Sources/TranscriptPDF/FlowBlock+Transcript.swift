import ChatCore
import CPangoCairo

/// The blocks of a transcript's body: a date whenever the day changes, then each entry with its time.
extension FlowBlock {
    static func entries(of transcript: Transcript, clock: TranscriptClock, geometry: PageGeometry,
        on canvas: PDFCanvas) -> [FlowBlock]
    {
        var blocks: [FlowBlock] = []
        var day: String?
        for (index, entry) in transcript.entries.enumerated() {
            let entryDay = clock.date(entry.at)
            if entryDay != day {
                day = entryDay
                blocks.append(dayLine(entryDay, before: index, geometry: geometry, on: canvas))
            }
            blocks.append(self.entry(entry, index: index, clock: clock, geometry: geometry, on: canvas))
        }
        return blocks
    }

    private static func dayLine(_ day: String, before entry: Int, geometry: PageGeometry, on canvas: PDFCanvas)
        -> FlowBlock
    {
        var text = StyledText()
        text.append(day, .init(bold: true, color: .muted))
        let layout = TextLayout(text, font: TranscriptStyle.small, width: geometry.contentWidth,
            alignment: PANGO_ALIGN_CENTER, on: canvas)
        return FlowBlock(layout, x: geometry.left, spaceBefore: TranscriptStyle.daySpacing, keepWithNext: true,
            entry: entry)
    }

    private static func entry(_ entry: Transcript.Entry, index: Int, clock: TranscriptClock, geometry: PageGeometry,
        on canvas: PDFCanvas) -> FlowBlock
    {
        var time = StyledText()
        time.append(clock.time(entry.at), .init(color: .muted))
        let side = TextLayout(time, font: TranscriptStyle.small, width: geometry.timeColumn, on: canvas)
        var text = StyledText()
        switch entry.kind {
        case .system:
            let body = PDFText.oneLine(entry.text)
            text.append(paragraphIn: ScriptLanguage.of(body)) { $0.append(body, .init(italic: true, color: .muted)) }
            let layout = TextLayout(text, font: TranscriptStyle.body, width: geometry.textWidth, on: canvas)
            return FlowBlock(layout, side: side, x: geometry.textLeft, spaceBefore: TranscriptStyle.messageSpacing,
                decoration: .systemBand, entry: index)
        case .message:
            if entry.isInternal { text.append("[internal] ", .init(bold: true, color: .internalMark)) }
            // a left-to-right mark keeps the author line at the left also for a right-to-left name
            let author = "\u{200E}" + PDFText.oneLine(entry.author)
            text.append(paragraphIn: ScriptLanguage.of(author)) { $0.append(author, .init(bold: true)) }
            let body = PDFText.body(entry.text)
            if !body.isEmpty {
                text.append("\n")
                text.append(paragraphIn: ScriptLanguage.of(body)) { $0.append(body) }
            }
            let layout = TextLayout(text, font: TranscriptStyle.body, width: geometry.textWidth, on: canvas)
            return FlowBlock(layout, side: side, x: geometry.textLeft, spaceBefore: TranscriptStyle.messageSpacing,
                keepFirst: 2, decoration: entry.isInternal ? .internalBar : .none, entry: index)
        }
    }

    /// The closing line of a transcript cut at `PDF::MaxPages`.
    static func leftOut(_ count: Int, maxPages: Int, geometry: PageGeometry, on canvas: PDFCanvas) -> FlowBlock {
        var text = StyledText()
        let entries = count == 1 ? "1 more entry is" : "\(count) more entries are"
        let pages = maxPages == 1 ? "1 page" : "\(maxPages) pages"
        text.append("\(entries) not in this PDF: it is limited to \(pages).", .init(bold: true, italic: true))
        let layout = TextLayout(text, font: TranscriptStyle.body, width: geometry.textWidth, on: canvas)
        return FlowBlock(layout, x: geometry.textLeft, spaceBefore: TranscriptStyle.daySpacing, entry: nil)
    }
}

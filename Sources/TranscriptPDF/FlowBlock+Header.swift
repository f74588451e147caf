import ChatCore

/// The first page's header: who made it, which chat, who took part, when (in the viewer's time zone).
extension FlowBlock {
    static func header(of transcript: Transcript, name: String, clock: TranscriptClock, language tr: ChatLanguage = .english,
        geometry: PageGeometry, on canvas: PDFCanvas) -> FlowBlock
    {
        var text = StyledText()
        let headerName = PDFText.oneLine(name)
        if !headerName.isEmpty {
            text.append(paragraphIn: ScriptLanguage.of(headerName)) {
                $0.append(headerName, .init(bold: true, size: TranscriptStyle.headerNameSize))
            }
            text.append("\n")
        }
        text.append(title(of: transcript, clock: clock, language: tr), .init(bold: true, size: TranscriptStyle.titleSize))
        let channel = PDFText.oneLine(transcript.channel)
        field(tr("Channel"), channel, into: &text)
        // each name isolated (FSI … PDI): a right-to-left name must not reorder its neighbours and the commas
        let participants = transcript.participants.map { "\u{2068}" + PDFText.oneLine($0) + "\u{2069}" }
            .joined(separator: ", ")
        if !participants.isEmpty { field(tr("Participants"), participants, into: &text) }
        field(tr("Started"), "\(clock.dateTime(transcript.startedAt)) (\(clock.timeZone.identifier))", into: &text)
        if let end = transcript.endedAt { field(tr("Ended"), clock.dateTime(end), into: &text) }
        if transcript.audience == .agent {
            text.append("\n")
            text.append("Full log for agents; ", .init(color: .muted))
            text.append("[internal]", .init(bold: true, color: .internalMark))
            text.append(" marks messages the customer did not see.", .init(color: .muted))
        }
        let layout = TextLayout(text, font: TranscriptStyle.body, width: geometry.contentWidth, on: canvas)
        return FlowBlock(layout, x: geometry.left, spaceBefore: 0, keepFirst: layout.lines.count, entry: nil)
    }

    /// `Chat 123 (Support, 2026-12-02)`, as `TranscriptText.title`, the channel's name isolated (FSI … PDI) so a
    /// right-to-left name does not carry the date and brackets along.
    static func title(of transcript: Transcript, clock: TranscriptClock, language tr: ChatLanguage = .english) -> String {
        let channel = PDFText.oneLine(transcript.channel)
        return tr("Chat %s (%s, %s)", String(transcript.chat.rawValue), "\u{2068}\(channel)\u{2069}", clock.date(transcript.startedAt))
    }

    private static func field(_ label: String, _ value: String, into text: inout StyledText) {
        text.append("\n")
        text.append("\(label): ", .init(bold: true))
        text.append(paragraphIn: ScriptLanguage.of(value)) { $0.append(value) }
    }
}

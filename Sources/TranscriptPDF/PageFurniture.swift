import CPangoCairo
import ChatCore

/// What every page has outside the flowing text: a running head (the header name, the chat) and a footer
/// (when the PDF was made, "Page N of M"), each set off by a rule.
struct PageFurniture {
    let headerName: String
    let title: String
    let madeAt: String
    let geometry: PageGeometry
    /// The copy's language ("Page 2 of 3").
    var tr: ChatLanguage = .english

    /// Draws page `number` of `count`; returns the unknown glyphs of its layouts.
    func draw(page number: Int, of count: Int, on canvas: PDFCanvas) -> Int {
        let half = geometry.contentWidth / 2 - 6
        let right = geometry.left + geometry.contentWidth
        let head = [
            single(headerName, bold: true, width: half, alignment: PANGO_ALIGN_LEFT, on: canvas),
            single(title, bold: false, width: half, alignment: PANGO_ALIGN_RIGHT, on: canvas),
        ]
        let headBaseline = geometry.margin + 10
        draw(head[0], x: geometry.left, baseline: headBaseline, on: canvas)
        draw(head[1], x: right - half, baseline: headBaseline, on: canvas)
        let headRule = geometry.margin + geometry.headHeight - 10
        canvas.line(from: (geometry.left, headRule), to: (right, headRule), width: 0.5, color: .rule)

        let foot = [
            single(madeAt, bold: false, width: half, alignment: PANGO_ALIGN_LEFT, on: canvas),
            single(tr("Page %s of %s", String(number), String(count)), bold: false, width: half, alignment: PANGO_ALIGN_RIGHT, on: canvas),
        ]
        let footRule = geometry.height - geometry.margin - geometry.footHeight + 10
        canvas.line(from: (geometry.left, footRule), to: (right, footRule), width: 0.5, color: .rule)
        let footBaseline = geometry.height - geometry.margin
        draw(foot[0], x: geometry.left, baseline: footBaseline, on: canvas)
        draw(foot[1], x: right - half, baseline: footBaseline, on: canvas)
        return (head + foot).reduce(0) { $0 + $1.unknownGlyphs }
    }

    /// One line, shortened with an ellipsis when too long (the header block has the full text).
    private func single(_ value: String, bold: Bool, width: Double, alignment: PangoAlignment, on canvas: PDFCanvas)
        -> TextLayout
    {
        var text = StyledText()
        text.append(paragraphIn: ScriptLanguage.of(value)) { $0.append(value, .init(bold: bold, color: .muted)) }
        return TextLayout(text, font: TranscriptStyle.small, width: width, alignment: alignment, singleLine: true,
            on: canvas)
    }

    private func draw(_ layout: TextLayout, x: Double, baseline: Double, on canvas: PDFCanvas) {
        guard let line = layout.lines.first else { return }
        layout.draw(line: 0, x: x, top: baseline - line.baseline, on: canvas)
    }
}

/// Text with styled ranges, built piece by piece; ranges are UTF-8 byte offsets as Pango's attributes take
/// them.
struct StyledText {
    struct Style: Hashable {
        var bold = false
        var italic = false
        /// Points; nil keeps the layout's size.
        var size: Double?
        var color: PDFColor?
        /// A BCP 47 tag for the shaper and the font choice (Japanese Kanji in Japanese forms, etc.).
        var language: String?
    }

    struct Span {
        var start: Int
        var end: Int
        var style: Style
    }

    private(set) var text = ""
    private(set) var spans: [Span] = []

    mutating func append(_ piece: String, _ style: Style = Style()) {
        let start = text.utf8.count
        text += piece
        if style != Style() { spans.append(Span(start: start, end: text.utf8.count, style: style)) }
    }

    /// Applies `style`'s language to everything appended by `body` (only when the language is known).
    mutating func append(paragraphIn language: String?, _ body: (inout StyledText) -> Void) {
        let start = text.utf8.count
        body(&self)
        if let language { spans.append(Span(start: start, end: text.utf8.count, style: Style(language: language))) }
    }
}

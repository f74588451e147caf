/// The PDF's bytes and what the layout found.
public struct RenderedPDF: Sendable {
    public var bytes: [UInt8]
    public var pageCount: Int
    /// Glyphs no installed font has, over every layout (`pango_layout_get_unknown_glyphs_count`): zero means
    /// every character was drawn with a real glyph.
    public var unknownGlyphs: Int
    /// Entries left out because `maxPages` was reached (0: the whole transcript is in the PDF).
    public var entriesLeftOut: Int

    public init(bytes: [UInt8], pageCount: Int, unknownGlyphs: Int, entriesLeftOut: Int) {
        self.bytes = bytes
        self.pageCount = pageCount
        self.unknownGlyphs = unknownGlyphs
        self.entriesLeftOut = entriesLeftOut
    }
}

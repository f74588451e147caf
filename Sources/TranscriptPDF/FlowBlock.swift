/// A piece of the flowing text: a layout whose lines pagination places one by one, with what goes beside
/// its first line (a message's time) and how it is set apart.
final class FlowBlock {
    enum Decoration {
        case none
        /// A bar along the lines: an internal message (agents only).
        case internalBar
        /// A grey band behind the lines: a system message.
        case systemBand
    }

    let layout: TextLayout
    /// Drawn left of the first line, baselines aligned.
    let side: TextLayout?
    let x: Double
    let spaceBefore: Double
    /// Lines at the start that go on one page together (an author with the first line of the text).
    let keepFirst: Int
    /// Kept on the page of the next block's first lines (a date above its messages).
    let keepWithNext: Bool
    let decoration: Decoration
    /// The transcript entry this block shows or introduces (nil for the header).
    let entry: Int?

    init(_ layout: TextLayout, side: TextLayout? = nil, x: Double, spaceBefore: Double, keepFirst: Int = 1,
        keepWithNext: Bool = false, decoration: Decoration = .none, entry: Int?)
    {
        self.layout = layout
        self.side = side
        self.x = x
        self.spaceBefore = spaceBefore
        self.keepFirst = keepFirst
        self.keepWithNext = keepWithNext
        self.decoration = decoration
        self.entry = entry
    }

    var unknownGlyphs: Int { layout.unknownGlyphs + (side?.unknownGlyphs ?? 0) }

    var flowItem: Pagination.Item {
        Pagination.Item(heights: layout.lines.map(\.height), spaceBefore: spaceBefore, keepFirst: keepFirst,
            keepWithNext: keepWithNext)
    }
}

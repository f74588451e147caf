/// Places blocks' lines on pages of a fixed height: a page break falls between two lines, never inside one;
/// a block's first `keepFirst` lines stay together, and a `keepWithNext` block stays with the start of the
/// next. Pure arithmetic on line heights, so it is tested without Pango.
enum Pagination {
    struct Item: Equatable {
        var heights: [Double]
        var spaceBefore: Double
        var keepFirst: Int = 1
        var keepWithNext = false
    }

    /// Lines `lines` of item `item`, the first one's top `top` below the top of the page's text box.
    struct Placement: Equatable {
        var item: Int
        var lines: Range<Int>
        var top: Double
    }

    static func paginate(_ items: [Item], pageHeight: Double) -> [[Placement]] {
        var pages: [[Placement]] = [[]]
        var y = 0.0
        func newPage() {
            pages.append([])
            y = 0
        }
        for (index, item) in items.enumerated() {
            let start = startHeight(item) + (item.keepWithNext && index + 1 < items.count
                ? items[index + 1].spaceBefore + startHeight(items[index + 1]) : 0)
            if y > 0, y + item.spaceBefore + start > pageHeight, start <= pageHeight { newPage() }
            if y > 0 { y += item.spaceBefore }
            var run: Placement?
            for (line, height) in item.heights.enumerated() {
                if y > 0, y + height > pageHeight {
                    if let run { pages[pages.count - 1].append(run) }
                    run = nil
                    newPage()
                }
                let first = run?.lines.lowerBound ?? line
                run = Placement(item: index, lines: first..<(line + 1), top: run?.top ?? y)
                y += height
            }
            if let run { pages[pages.count - 1].append(run) }
        }
        return pages
    }

    /// The height of an item's lines that must not be parted.
    private static func startHeight(_ item: Item) -> Double {
        item.heights.prefix(max(1, item.keepFirst)).reduce(0, +)
    }
}

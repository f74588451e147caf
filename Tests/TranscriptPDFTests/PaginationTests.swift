import Testing
@testable import TranscriptPDF

/// The page-breaking rules on plain heights.
@Suite struct PaginationTests {
    @Test func everyLineIsPlacedOnceInOrderAndInsideItsPage() {
        let items = (0..<200).map { index in
            Pagination.Item(heights: Array(repeating: 12 + Double(index % 5), count: 1 + index % 7), spaceBefore: 6,
                keepFirst: 2)
        }
        let pages = Pagination.paginate(items, pageHeight: 500)
        var next = (item: 0, line: 0)
        for page in pages {
            var bottom = 0.0
            for placement in page {
                if placement.item != next.item { next = (placement.item, 0) }
                #expect(placement.lines.lowerBound == next.line)
                #expect(placement.top >= bottom)
                let height = items[placement.item].heights[placement.lines].reduce(0, +)
                bottom = placement.top + height
                #expect(bottom <= 500)
                next.line = placement.lines.upperBound
                if next.line == items[placement.item].heights.count { next = (placement.item + 1, 0) }
            }
        }
        #expect(next.item == items.count)
    }

    @Test func theFirstLinesStayTogetherAndADateStaysWithItsMessage() {
        let filler = Pagination.Item(heights: Array(repeating: 10, count: 9), spaceBefore: 0)
        let message = Pagination.Item(heights: [10, 10, 10], spaceBefore: 0, keepFirst: 2)
        // 90 of 100 used: one line would fit, but the author and the first line go to the next page together
        #expect(Pagination.paginate([filler, message], pageHeight: 100)[1].first
            == Pagination.Placement(item: 1, lines: 0..<3, top: 0))
        let date = Pagination.Item(heights: [10], spaceBefore: 0, keepWithNext: true)
        let small = Pagination.Item(heights: Array(repeating: 10, count: 8), spaceBefore: 0)
        let pages = Pagination.paginate([small, date, message], pageHeight: 100)
        // 80 used: the date and the message's first two lines would need 110 of 100
        #expect(pages[1].map(\.item) == [1, 2])
    }

    @Test func aBlockLongerThanAPageContinuesOnTheNext() {
        let huge = Pagination.Item(heights: Array(repeating: 10, count: 25), spaceBefore: 4, keepFirst: 2)
        let pages = Pagination.paginate([huge], pageHeight: 100)
        #expect(pages.map { $0.map(\.lines) } == [[0..<10], [10..<20], [20..<25]])
    }
}

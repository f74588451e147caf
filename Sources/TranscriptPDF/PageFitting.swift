/// The transcript's blocks on at most `PDF::MaxPages` pages: when they need more, the last entries go and a
/// closing line says how many (whole entries only; the line itself must fit too).
enum PageFitting {
    struct Fitted {
        var blocks: [FlowBlock]
        var pages: [[Pagination.Placement]]
        var entriesLeftOut: Int
    }

    static func fit(header: FlowBlock, entries: [FlowBlock], entryCount: Int, maxPages: Int, pageHeight: Double,
        leftOut: (Int) -> FlowBlock) -> Fitted
    {
        var blocks = [header] + entries
        var pages = Pagination.paginate(blocks.map(\.flowItem), pageHeight: pageHeight)
        guard pages.count > maxPages else { return Fitted(blocks: blocks, pages: pages, entriesLeftOut: 0) }
        // the first entry that reaches beyond the last page allowed, and every one after it, is left out
        let beyond = pages[maxPages...].flatMap { $0 }.compactMap { blocks[$0.item].entry }.min() ?? entryCount
        var kept = beyond
        while true {
            blocks = [header] + entries.filter { ($0.entry ?? 0) < kept } + [leftOut(entryCount - kept)]
            pages = Pagination.paginate(blocks.map(\.flowItem), pageHeight: pageHeight)
            if pages.count <= maxPages || kept == 0 { break }
            kept -= 1
        }
        return Fitted(blocks: blocks, pages: pages, entriesLeftOut: entryCount - kept)
    }
}

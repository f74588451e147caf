/// Transcripts as PDF: OTRS's own `Organization`, `PDF::PageSize` and `PDF::MaxPages` (Znuny's definitions),
/// and `ChatEngine::PDF::*`, how many PDFs render at once and how many may wait.
public struct PDFSettings: Sendable, Equatable {
    /// OTRS's `Organization`: the company named in every page's header (empty: the product's name).
    public var organization: String
    /// OTRS's `PDF::PageSize`: `a4` or `letter`.
    public var pageSize: String
    /// OTRS's `PDF::MaxPages`.
    public var maxPages: Int
    /// PDFs rendered at the same time (each on its own thread, off the server's event loops).
    public var maxConcurrentRenders: Int
    /// PDFs that may wait for a render thread; one more is refused as busy ("try again") rather than queued.
    public var maxWaitingRenders: Int

    public init(organization: String = "", pageSize: String = "a4", maxPages: Int = 100, maxConcurrentRenders: Int = 2,
        maxWaitingRenders: Int = 20)
    {
        self.organization = organization
        self.pageSize = pageSize
        self.maxPages = maxPages
        self.maxConcurrentRenders = maxConcurrentRenders
        self.maxWaitingRenders = maxWaitingRenders
    }

    init(reading r: inout SettingReader) {
        organization = r.string("Organization")
        pageSize = r.string("PDF::PageSize")
        if pageSize != "a4" && pageSize != "letter" {
            r.report("PDF::PageSize", "must be a4 or letter, not '\(pageSize)'")
            pageSize = "a4"
        }
        maxPages = r.int("PDF::MaxPages", atLeast: 1)
        let p = "ChatEngine::PDF::"
        maxConcurrentRenders = r.int(p + "MaxConcurrentRenders", atLeast: 1)
        maxWaitingRenders = r.int(p + "MaxWaitingRenders", atLeast: 0)
    }
}

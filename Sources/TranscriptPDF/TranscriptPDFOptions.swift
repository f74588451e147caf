import ChatCore
import Foundation

/// How the PDF looks, from the settings and the viewer.
public struct TranscriptPDFOptions: Sendable, Hashable {
    public enum PageSize: String, Sendable, Hashable, CaseIterable {
        /// 210 × 297 mm
        case a4
        /// 8.5 × 11 in
        case letter
    }

    /// OTRS's `PDF::PageSize`.
    public var pageSize: PageSize
    /// The name in every page's header: OTRS's `Organization` (the company), else the product's name.
    public var headerName: String
    /// The viewer's time zone: the header's start and end and every message's time are shown in it.
    public var timeZone: TimeZone
    /// OTRS's `PDF::MaxPages`: a longer transcript ends with a line saying how many entries were left out.
    public var maxPages: Int
    /// When the PDF was made (the footer says so).
    public var generatedAt: Date
    /// The language of a customer's copy: its header and footer lines (its entries come rendered in it); an
    /// agent's copy stays English.
    public var language: ChatLanguage

    public init(pageSize: PageSize = .a4, headerName: String, timeZone: TimeZone, maxPages: Int = 100, generatedAt: Date,
        language: ChatLanguage = .english)
    {
        self.pageSize = pageSize
        self.headerName = headerName
        self.timeZone = timeZone
        self.maxPages = maxPages
        self.generatedAt = generatedAt
        self.language = language
    }

    /// The language the furniture of `transcript` is written in: English for an agent's copy.
    func language(of transcript: Transcript) -> ChatLanguage { transcript.audience == .agent ? .english : language }
}

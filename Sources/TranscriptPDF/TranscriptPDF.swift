import ChatCore
import Foundation

/// A transcript (`ChatCore.Transcript`, already cut to what its viewer may see) as a PDF a person prints or
/// files: real text layout with Pango (shaping, right-to-left, line breaking, font fallback over Debian's Noto
/// fonts) drawn by Cairo into a PDF with every font embedded as a subset.
///
/// `render` is synchronous and CPU-bound: callers run it off the server's event loops (the engine's
/// `TranscriptDownloads` does, with bounded concurrency).
public enum TranscriptPDF {
    /// Renders `transcript`; throws `TranscriptPDFError` when Cairo fails.
    public static func render(_ transcript: Transcript, options: TranscriptPDFOptions) throws -> RenderedPDF {
        throw TranscriptPDFError.cairo("not built yet")
    }
}

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

    public init(pageSize: PageSize = .a4, headerName: String, timeZone: TimeZone, maxPages: Int = 100, generatedAt: Date) {
        self.pageSize = pageSize
        self.headerName = headerName
        self.timeZone = timeZone
        self.maxPages = maxPages
        self.generatedAt = generatedAt
    }
}

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

public enum TranscriptPDFError: Error, CustomStringConvertible, Sendable {
    /// Cairo reported an error status (its text).
    case cairo(String)

    public var description: String {
        switch self {
        case .cairo(let text): "The PDF could not be made: \(text)"
        }
    }
}

import ChatCore
import ChatStore
import Foundation
import SysConfig
import TranscriptPDF

/// A chat's transcript as a PDF download, for whoever may read the chat: agents (as the chat screens let them
/// see it: the full log, internal messages marked), customer users and visitors (their own chats, what they saw;
/// a visitor by their token also after the chat closed, until `ChatEngine::ChatTTL` removes it).
///
/// Gathering the chat is async work on the store; the render itself is CPU-bound and runs on the `RenderQueue`'s
/// own threads (`ChatEngine::PDF::MaxConcurrentRenders` at once, `MaxWaitingRenders` waiting, more refused as busy).
public final class Transcripts: Sendable {
    let service: ChatService
    public let renderQueue: RenderQueue
    /// The renderer; tests put a slow or failing one in to see the queue at work.
    let render: @Sendable (Transcript, TranscriptPDFOptions) throws -> RenderedPDF

    /// The file a viewer downloads.
    public struct Download: Sendable {
        /// `Chat-123_2026-12-02.pdf`: the chat's number and the day it started, in the viewer's time zone.
        public var fileName: String
        public var bytes: [UInt8]
        public var pageCount: Int
        /// Glyphs no installed font had (0: every character drawn).
        public var unknownGlyphs: Int
        /// Entries left out at `PDF::MaxPages`.
        public var entriesLeftOut: Int
    }

    /// The longest time zone name taken from a browser (the IANA database's longest is 30 characters).
    static let maxTimeZoneLength = 64
    /// Events read per store query while gathering a chat.
    static let pageSize = 5000

    init(service: ChatService, render: @escaping @Sendable (Transcript, TranscriptPDFOptions) throws -> RenderedPDF = {
        try TranscriptPDF.render($0, options: $1)
    }) {
        self.service = service
        self.render = render
        self.renderQueue = RenderQueue {
            let pdf = service.settings.pdf
            return RenderQueue.Limits(maxRunning: pdf.maxConcurrentRenders, maxWaiting: pdf.maxWaitingRenders)
        }
    }

    /// The chat's transcript as `viewer` may see it, as a PDF. A missing chat and someone else's get the same
    /// answer (`ChatError.notInChat`), so chat numbers cannot be probed. `timeZone` is the browser's (an IANA
    /// name); an agent's own preference comes first, the server's zone last. A customer's or visitor's copy has its
    /// system lines in `language` (an agent's stays English).
    public func pdf(_ chatID: ChatID, for viewer: Person, timeZone browserZone: String? = nil,
        language: ChatLanguage = .english) async throws -> Download
    {
        let chat = try await service.readableChat(chatID, by: viewer)
        let audience: Transcript.Audience = viewer.isAgent ? .agent : .customer
        let zone = try await timeZone(for: viewer, browser: browserZone)
        let transcript = Transcript.build(chat: chat, events: try await events(of: chat), audience: audience,
            naming: try await service.naming(for: chat, language: language))
        let options = Self.options(service.settings.pdf, timeZone: zone, at: service.now(), language: language)
        let render = self.render
        let rendered = try await renderQueue.run { try render(transcript, options) }
        return Download(fileName: Self.fileName(chat, timeZone: zone), bytes: rendered.bytes, pageCount: rendered.pageCount,
            unknownGlyphs: rendered.unknownGlyphs, entriesLeftOut: rendered.entriesLeftOut)
    }

    /// The whole log, page by page.
    private func events(of chat: Chat) async throws -> [ChatEvent] {
        var events: [ChatEvent] = []
        while true {
            let page = try await service.store.events(of: chat.id, after: events.last?.seq ?? 0, limit: Self.pageSize)
            events += page
            if page.count < Self.pageSize { return events }
        }
    }

    /// An agent's stored preference, else the browser's (when it names a real zone), else the server's.
    func timeZone(for viewer: Person, browser: String?) async throws -> TimeZone {
        if case .agent(let agent) = viewer, let stored = try await service.preferences(of: agent).timeZone,
            let zone = TimeZone(identifier: stored)
        {
            return zone
        }
        return Self.browserZone(browser) ?? .current
    }

    /// A zone name as a browser reports it (`Intl.DateTimeFormat().resolvedOptions().timeZone`), when it is one.
    static func browserZone(_ name: String?) -> TimeZone? {
        guard let name, !name.isEmpty, name.count <= maxTimeZoneLength,
            name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/_-+".contains($0)) })
        else { return nil }
        return TimeZone(identifier: name)
    }

    static func options(_ settings: PDFSettings, timeZone: TimeZone, at now: Date, language: ChatLanguage = .english)
        -> TranscriptPDFOptions
    {
        TranscriptPDFOptions(pageSize: settings.pageSize == "letter" ? .letter : .a4,
            headerName: settings.organization.isEmpty ? "ChatEngine" : settings.organization, timeZone: timeZone,
            maxPages: settings.maxPages, generatedAt: now, language: language)
    }

    /// `Chat-123_2026-12-02.pdf`: what the file is, and the day the chat started where the viewer is.
    static func fileName(_ chat: Chat, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let day = calendar.dateComponents([.year, .month, .day], from: chat.createdAt)
        let date = String(format: "%04d-%02d-%02d", day.year ?? 0, day.month ?? 0, day.day ?? 0)
        return "Chat-\(chat.id.rawValue)_\(date).pdf"
    }
}

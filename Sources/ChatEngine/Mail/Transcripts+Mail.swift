import ChatCore
import Foundation
import TranscriptPDF

/// A chat as its customer side saw it (no internal messages, no observers), as text and as PDF, for a mail.
/// Whoever calls decided who gets it; nothing here checks a viewer.
extension Transcripts {
    struct CustomerCopy: Sendable {
        var transcript: Transcript
        var pdf: Download
    }

    /// The transcript and its PDF with the times in `timeZone`, the PDF "generated" at `at`: the same chat gives
    /// the same bytes on every call, so a retried mail carries the same attachment.
    func customerCopy(of chat: Chat, timeZone: TimeZone, at: Date, language: ChatLanguage = .english) async throws
        -> CustomerCopy
    {
        var events: [ChatEvent] = []
        while true {
            let page = try await service.store.events(of: chat.id, after: events.last?.seq ?? 0, limit: Self.pageSize)
            events += page
            if page.count < Self.pageSize { break }
        }
        let transcript = Transcript.build(chat: chat, events: events, audience: .customer,
            naming: try await service.naming(for: chat, language: language))
        let options = Self.options(service.settings.pdf, timeZone: timeZone, at: at, language: language)
        let render = self.render
        let rendered = try await renderQueue.run { try render(transcript, options) }
        return CustomerCopy(transcript: transcript, pdf: Download(fileName: Self.fileName(chat, timeZone: timeZone),
            bytes: rendered.bytes, pageCount: rendered.pageCount, unknownGlyphs: rendered.unknownGlyphs,
            entriesLeftOut: rendered.entriesLeftOut))
    }
}

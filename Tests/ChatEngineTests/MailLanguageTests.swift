import ChatCore
@testable import ChatEngine
import ChatStore
import ChatTestSupport
import Foundation
import SysConfig
import Testing

/// The transcript mail's language: recorded in the payload when the mail is asked for (a language the
/// translator has, a regional code as its language), and for a mail at the chat's end the customer user's own.
@Suite("Transcript mail language", .timeLimit(.minutes(2)))
struct MailLanguageTests {
    typealias W = TranscriptDownloadTests

    static let german = Translator(languages: ["de": ["Your chat with %s on %s": "Ihr Chat mit %s am %s", "Hello %s,": "Hallo %s,"]])

    @Test("asked for in de-AT: 'de' recorded and the mail's subject and greeting German; an unknown language: none, English",
        arguments: StoreEngine.allCases)
    func asked(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await W.world(store)
            w.engine.mail.useTranslator { Self.german }
            let chat = try await W.customerChat(w)
            _ = try await w.engine.mail.sendToCustomer(chat, by: w.carla, requestID: "de-1", timeZone: nil, language: "de-AT")
            _ = try await w.engine.mail.sendToCustomer(chat, by: w.carla, requestID: "xx-1", timeZone: nil, language: "xx")
            let items = try await MailTranscriptTests.mailItems(w.engine)
            let payloads = try items.map { try TranscriptMailPayload.decode($0.payload) }
            #expect(Set(payloads.map(\.language)) == ["de", nil])
            for item in items {
                let payload = try TranscriptMailPayload.decode(item.payload)
                let mail = try await w.engine.mail.message(payload, idempotencyKey: item.idempotencyKey)
                if payload.language == "de" {
                    #expect(mail.subject.hasPrefix("Ihr Chat mit ") && mail.textBody.hasPrefix("Hallo Carla Kunde,"), "\(mail.subject)")
                } else {
                    #expect(mail.subject.hasPrefix("Your chat with ") && mail.textBody.hasPrefix("Hello Carla Kunde,"), "\(mail.subject)")
                }
            }
        }
    }

    @Test("TranscriptAtChatEnd: the customer user's stored language goes into the payload", arguments: StoreEngine.allCases)
    func atChatEnd(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await W.world(store, overrides: "    $Self->{'ChatEngine::Mail::TranscriptAtChatEnd'} = 1;")
            w.engine.mail.useTranslator { Self.german }
            try await w.engine.account.setLanguage(of: .customer(w.carla), to: "de", available: ["de", "en"])
            _ = try await W.customerChat(w)
            let payloads = try await MailTranscriptTests.mailItems(w.engine).map { try TranscriptMailPayload.decode($0.payload) }
            #expect(payloads.count == 1 && payloads.first?.language == "de")
        }
    }
}

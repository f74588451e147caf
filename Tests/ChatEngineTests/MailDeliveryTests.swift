import ChatCore
@testable import ChatEngine
import ChatStore
import ChatTestSupport
import Foundation
import Mail
import Synchronization
import SysConfig
import Testing

/// The `mail` outbox kind against a real SMTP server (`Tests/mail/smtp_sink.py`, aiosmtpd): the received bytes read
/// back with Python's `email` package (names and subject with umlauts, CJK and emoji; the PDF byte for byte; the
/// Message-ID from the item's key); the server down, then up, with a new engine (a restart) between: exactly one
/// mail; a 5xx given up at once with the server's words.
@Suite("Transcript mail delivery", .timeLimit(.minutes(5)), .serialized)
struct MailDeliveryTests {
    typealias W = TranscriptDownloadTests

    static let organization = "Müller & Söhne 東京 🚀"
    static let visitorName = "Jörg Ünal 李小龙 🎉"

    static func overrides(port: Int) -> String {
        SMTPSink.config(port: port) + """

            $Self->{'FQDN'} = 'chat.example.org';
            $Self->{'NotificationSenderName'} = 'Kundendienst 客服 📨';
            $Self->{'Organization'} = '\(organization)';
            $Self->{'ChatEngine::Mail::Timeout'} = '5';
        """
    }

    /// A visitor's closed chat with an agent, their address given, and their request queued.
    static func visitorChat(_ w: W.World) async throws -> (chat: ChatID, item: OutboxItem) {
        let vera = try await w.service.requestChatAsNewVisitor(name: visitorName, channel: nil, firstMessage: "Grüße aus Köln, 你好 👋",
            commandID: nil, clientAddress: "192.0.2.1")
        let chat = vera.result.chat.id
        _ = try await w.engine.mail.setVisitorAddress(chat, by: vera.visitor, address: "joerg@example.com")
        _ = try await w.service.accept(chat, by: .agent(w.anna))
        _ = try await w.service.postMessage(chat, text: "Gern geschehen – どういたしまして", by: .agent(w.anna), commandID: nil)
        _ = try await w.service.postMessage(chat, text: W.internalNote, visibility: .agents, by: .agent(w.anna), commandID: nil)
        w.clock.advance(60)
        _ = try await w.service.close(chat, by: .agent(w.anna))
        _ = try await w.engine.mail.sendToVisitor(chat, by: vera.visitor, clientAddress: "192.0.2.1", requestID: "click-1",
            timeZone: "Asia/Tokyo")
        let item = try #require(try await MailTranscriptTests.mailItems(w.engine).first)
        return (chat, item)
    }

    @Test("the mail as received: UTF-8 names and subject, the text without internal messages, the PDF byte for byte",
        arguments: StoreEngine.allCases)
    func received(_ engine: StoreEngine) async throws {
        let sink = try await SMTPSink.start(.plain)
        defer { sink.stop() }
        try await StoreHarness.with(engine) { store, _ in
            let w = try await W.world(store, overrides: Self.overrides(port: sink.port))
            let (chat, item) = try await Self.visitorChat(w)
            let round = try await w.engine.outbox.workDue()
            #expect(round.done == 1)
            let mails = try await sink.waitForMail(count: 1)
            #expect(mails.count == 1)
            #expect(mails[0].envelope.mail_from == "otrs@chat.example.org" && mails[0].envelope.rcpt_tos == ["joerg@example.com"])
            let mail = try SMTPSink.parse(mails[0].raw)
            #expect(mail.defects.isEmpty && mail.long_lines.isEmpty && !mail.bare_lf)
            #expect(mail.from == [.init(name: "Kundendienst 客服 📨", address: "otrs@chat.example.org")])
            #expect(mail.to == [.init(name: Self.visitorName, address: "joerg@example.com")])
            let payload = try TranscriptMailPayload.decode(item.payload)
            let zone = try #require(TimeZone(identifier: "Asia/Tokyo"))
            #expect(mail.subject == "Your chat with \(Self.organization) on \(TranscriptMail.day(payload.requestedAt, in: zone))")
            #expect(mail.message_id == "<" + TranscriptMail.messageID(idempotencyKey: item.idempotencyKey, fqdn: "chat.example.org") + ">")
            #expect(mail.headers.contains(["Auto-Submitted", "auto-generated"]))
            let body = try #require(mail.body)
            #expect(body.contains("Hello \(Self.visitorName),") && body.contains("Grüße aus Köln, 你好 👋")
                && body.contains("Gern geschehen – どういたしまして"))
            #expect(!body.contains(W.internalNote), "the customer side's transcript: no internal message")
            // the same PDF, rendered again for the same chat and the payload's fixed time
            let expected = try await w.engine.transcripts.customerCopy(of: try await w.service.chat(chat), timeZone: zone,
                at: payload.requestedAt)
            #expect(mail.attachments.count == 1)
            #expect(mail.attachments.first?.filename == expected.pdf.fileName && mail.attachments.first?.content_type == "application/pdf")
            #expect(mail.attachments.first?.size == expected.pdf.bytes.count)
            #expect(mail.attachments.first?.data == expected.pdf.bytes)
            let text = try PDFTools.text(expected.pdf.bytes, name: "mail-\(engine)")
            #expect(text.contains("Grüße aus Köln") && !text.contains(W.internalNote))
            #expect(try await w.engine.outbox.workDue().attempted == 0, "done: nothing more to send")
            #expect(try sink.received().count == 1)
        }
    }

    @Test("the mail server down, then up, with a restart between: retried with backoff, exactly one mail",
        arguments: StoreEngine.allCases)
    func downThenUp(_ engine: StoreEngine) async throws {
        // a port nobody listens on: a sink that stopped
        let gone = try await SMTPSink.start(.plain)
        let deadPort = gone.port
        gone.stop()
        try await StoreHarness.with(engine) { store, _ in
            let w = try await W.world(store, overrides: Self.overrides(port: deadPort))
            let (_, item) = try await Self.visitorChat(w)
            let first = try await w.engine.outbox.workDue()
            #expect(first.done == 0 && first.attempted == 1)
            let failed = try #require(try await w.engine.outbox.item(id: item.id))
            #expect(failed.state == .pending && failed.attempts == 1 && failed.nextAttemptAt > w.clock.now)
            #expect(failed.lastError?.contains("will retry") == true, "\(failed.lastError ?? "")")
            #expect(try await w.engine.outbox.workDue().attempted == 0, "waits for its backoff")

            // the server comes up elsewhere; a new engine on the same database (a restart) takes the item
            let sink = try await SMTPSink.start(.plain)
            defer { sink.stop() }
            let settings = try ServiceHarness.settings(Self.overrides(port: sink.port))
            let restarted = Engine(store: store, settings: { settings }, clock: { w.clock.now })
            w.clock.advance(3600)
            let second = try await restarted.outbox.workDue()
            #expect(second.done == 1)
            #expect(try await restarted.outbox.workDue().attempted == 0)
            #expect(try await w.engine.outbox.workDue().attempted == 0)
            let mails = try await sink.waitForMail(count: 1)
            try await Task.sleep(for: .milliseconds(300))
            #expect(try sink.received().count == 1 && mails.count == 1)
            let done = try #require(try await restarted.outbox.item(id: item.id))
            #expect(done.state == .done && done.attempts == 2)
        }
    }

    @Test("SMTPTLS with AuthUser/AuthPassword and a private CA (ChatEngine::Mail::TrustedCAFile): STARTTLS, AUTH, delivered",
        arguments: [StoreEngine.sqlite])
    func startTLSWithAuth(_ engine: StoreEngine) async throws {
        let sink = try await SMTPSink.start(.startTLS, user: "chat@example.org", password: "Gehéim 秘密")
        defer { sink.stop() }
        let certificate = try #require(sink.certificateFile)
        try await StoreHarness.with(engine) { store, _ in
            let tls = Self.overrides(port: sink.port).replacingOccurrences(of: "Email::SMTP'", with: "Email::SMTPTLS'")
                .replacingOccurrences(of: "'127.0.0.1'", with: "'localhost'") + """
                    $Self->{'SendmailModule::AuthUser'} = 'chat@example.org';
                    $Self->{'SendmailModule::AuthPassword'} = 'Gehéim 秘密';
                    $Self->{'ChatEngine::Mail::TrustedCAFile'} = '\(certificate)';
                """
            let w = try await W.world(store, overrides: tls)
            #expect(w.engine.settings.mail.module == .smtpTLS && w.engine.settings.mail.port == sink.port)
            _ = try await Self.visitorChat(w)
            #expect(try await w.engine.outbox.workDue().done == 1)
            let mails = try await sink.waitForMail(count: 1)
            #expect(mails[0].envelope.tls && mails[0].envelope.auth_login == "chat@example.org")
            #expect(try SMTPSink.parse(mails[0].raw).to.first?.name == Self.visitorName)
        }
    }

    @Test("a 5xx from the server is given up at once, its words kept for the admin", arguments: [StoreEngine.sqlite])
    func permanent(_ engine: StoreEngine) async throws {
        let sink = try await SMTPSink.start(.plain, dataReply: "554 5.7.1 Transcript refused by policy")
        defer { sink.stop() }
        try await StoreHarness.with(engine) { store, _ in
            let w = try await W.world(store, overrides: Self.overrides(port: sink.port))
            let (_, item) = try await Self.visitorChat(w)
            _ = try await w.engine.outbox.workDue()
            let failed = try #require(try await w.engine.outbox.item(id: item.id))
            #expect(failed.state == .failed && failed.attempts == 1)
            #expect(failed.lastError?.contains("Transcript refused by policy") == true, "\(failed.lastError ?? "")")
        }
    }
}

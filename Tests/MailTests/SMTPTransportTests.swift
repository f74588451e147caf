import ChatTestSupport
import Foundation
import Mail
import Testing

/// The SMTP client against a real SMTP server (aiosmtpd via `Tests/mail/smtp_sink.py`), the received bytes read
/// back with Python's `email` package.
/// Serialized: each test starts its own Python SMTP server, and twenty starting at once starve the parallel suite.
@Suite(.serialized) struct SMTPTransportTests {
    static let user = "chat@chat.example"
    static let password = "s3cret-Passwört"

    @Test func plainDeliveryDecodesExactly() async throws {
        let sink = try await SMTPSink.start(.plain)
        defer { sink.stop() }
        let message = MailFixtures.message(body: "Hallo Taro,\n.\n..zwei Punkte\n.ein Punkt\nGrüße 😀\n")
        let receipt = try await MailFixtures.smtp(sink, security: .plain).send(message)
        #expect(receipt.reply.hasPrefix("250 2.0.0 Ok: queued as SINK0001"))

        let mail = try await sink.waitForMail(count: 1)[0]
        #expect(mail.envelope.mail_from == "support@chat.example")
        #expect(mail.envelope.rcpt_tos == ["taro@customer.example"])
        #expect(mail.envelope.helo == "chat.example")
        #expect(!mail.envelope.tls)
        let parsed = try SMTPSink.parse(mail.raw)
        #expect(parsed.from == [ParsedMail.Mailbox(name: "Jürgen Müßig – Support", address: "support@chat.example")])
        #expect(parsed.to == [ParsedMail.Mailbox(name: "山田 太郎 😀", address: "taro@customer.example")])
        #expect(parsed.subject == MailFixtures.subject)
        #expect(parsed.date_iso == "2026-12-02T09:35:25+00:00")
        #expect(parsed.message_id == "<\(message.messageID)>")
        #expect(parsed.body == "Hallo Taro,\n.\n..zwei Punkte\n.ein Punkt\nGrüße 😀\n")
        #expect(parsed.long_lines.isEmpty && !parsed.bare_lf)
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
    }

    @Test func anOldServerGetsHELO() async throws {
        let sink = try await SMTPSink.start(.plain, heloOnly: true)
        defer { sink.stop() }
        _ = try await MailFixtures.smtp(sink, security: .plain).send(MailFixtures.message())
        let mail = try await sink.waitForMail(count: 1)[0]
        #expect(mail.envelope.helo == "chat.example")
        // and without EHLO there is no STARTTLS to be had
        let error = try await #require(throws: MailError.self) {
            try await MailFixtures.smtp(sink, security: .startTLS).send(MailFixtures.message())
        }
        #expect(!error.isTemporary && error.text.contains("does not offer STARTTLS"), "\(error)")
    }

    @Test func withoutTheTestPythonTheTestsFailAndSayWhatToRun() {
        let error = #expect(throws: SMTPSink.Failure.self) {
            try TestPython.path(environment: [:], root: URL(fileURLWithPath: "/nonexistent"))
        }
        #expect(error?.description.contains("run scripts/test-venv.sh") == true)
    }

    @Test func binaryAttachmentComesBackByteForByte() async throws {
        let sink = try await SMTPSink.start(.plain)
        defer { sink.stop() }
        let long = "Gesprächsprotokoll – 会話の記録 – " + String(repeating: "ü", count: 30) + " 🎉.pdf"
        let message = MailFixtures.message(attachments: [
            MailAttachment(filename: long, contentType: "application/pdf", data: MailFixtures.binary),
            MailAttachment(filename: "plain.bin", contentType: "application/octet-stream", data: Array(MailFixtures.binary.reversed())),
        ])
        _ = try await MailFixtures.smtp(sink, security: .plain).send(message)
        let parsed = try SMTPSink.parse(try await sink.waitForMail(count: 1)[0].raw)
        #expect(parsed.content_type == "multipart/mixed")
        #expect(parsed.body == "Hallo Taro,\nhier ist der Chat.\n")
        try #require(parsed.attachments.count == 2)
        #expect(parsed.attachments[0].filename == long)
        #expect(parsed.attachments[0].content_type == "application/pdf")
        #expect(parsed.attachments[0].data == MailFixtures.binary)
        #expect(parsed.attachments[0].size == MailFixtures.binary.count)
        #expect(parsed.attachments[1].filename == "plain.bin")
        #expect(parsed.attachments[1].data == MailFixtures.binary.reversed())
        #expect(parsed.long_lines.isEmpty && parsed.defects.isEmpty, "\(parsed.defects)")
    }

    @Test(arguments: [[], ["PLAIN"]])
    func startTLSWithAuthTrustingTheSelfSignedCertificate(authExclude: [String]) async throws {
        let sink = try await SMTPSink.start(.startTLS, user: Self.user, password: Self.password, authExclude: authExclude)
        defer { sink.stop() }
        let transport = MailFixtures.smtp(sink, security: .startTLS, host: "localhost",
                                          auth: .init(user: Self.user, password: Self.password))
        let receipt = try await transport.send(MailFixtures.message())
        #expect(receipt.reply.contains("queued as SINK0001"))
        let mail = try await sink.waitForMail(count: 1)[0]
        #expect(mail.envelope.tls)
        #expect(mail.envelope.auth_login == Self.user)
        #expect(try SMTPSink.parse(mail.raw).subject == MailFixtures.subject)
    }

    @Test func implicitTLS() async throws {
        let sink = try await SMTPSink.start(.implicitTLS, user: Self.user, password: Self.password)
        defer { sink.stop() }
        // by IP address: the certificate's IP entry is checked
        let transport = MailFixtures.smtp(sink, security: .implicitTLS, auth: .init(user: Self.user, password: Self.password))
        _ = try await transport.send(MailFixtures.message())
        let mail = try await sink.waitForMail(count: 1)[0]
        #expect(mail.envelope.tls && mail.envelope.auth_login == Self.user)
    }

    @Test func verificationRefusesTheSelfSignedCertificate() async throws {
        let sink = try await SMTPSink.start(.startTLS)
        defer { sink.stop() }
        let error = try await #require(throws: MailError.self) {
            try await MailFixtures.smtp(sink, security: .startTLS, host: "localhost", trust: false).send(MailFixtures.message())
        }
        #expect(!error.isTemporary)
        #expect(error.text.contains("certificate"), "\(error)")
        #expect(try sink.received().isEmpty)
    }

    @Test func aCertificateForAnotherNameIsRefused() async throws {
        // trusted, but made out to another name than the one connected to
        let sink = try await SMTPSink.start(.implicitTLS, certificateNames: "DNS:mail.other.example")
        defer { sink.stop() }
        let error = try await #require(throws: MailError.self) {
            try await MailFixtures.smtp(sink, security: .implicitTLS, host: "localhost").send(MailFixtures.message())
        }
        #expect(!error.isTemporary, "\(error)")
        #expect(error.text.contains("localhost"), "\(error)")
        #expect(try sink.received().isEmpty)
    }

    @Test func aReplySentInClearAfterSTARTTLSIsRefused() async throws {
        let sink = try await SMTPSink.start(.startTLS, injectAfterSTARTTLS: true)
        defer { sink.stop() }
        let error = try await #require(throws: MailError.self) {
            try await MailFixtures.smtp(sink, security: .startTLS, host: "localhost").send(MailFixtures.message())
        }
        #expect(!error.isTemporary && error.text.contains("sent data after its STARTTLS reply"), "\(error)")
        #expect(try sink.received().isEmpty)
    }

    @Test func wrongPasswordIsPermanentWithTheServersText() async throws {
        let sink = try await SMTPSink.start(.startTLS, user: Self.user, password: Self.password)
        defer { sink.stop() }
        let transport = MailFixtures.smtp(sink, security: .startTLS, host: "localhost", auth: .init(user: Self.user, password: "wrong"))
        let error = try await #require(throws: MailError.self) { try await transport.send(MailFixtures.message()) }
        #expect(!error.isTemporary)
        #expect(error.text.contains("535"), "\(error)")
        #expect(error.text.contains("Authentication credentials invalid"), "\(error)")
        #expect(!error.text.contains("wrong"), "the password must not show: \(error)")
    }

    @Test func authWithoutTLSIsRefusedBeforeConnecting() async throws {
        let transport = SMTPTransport(configuration: SMTPConfiguration(
            host: "127.0.0.1", port: 1, security: .plain, auth: .init(user: "u", password: "p")))
        let error = try await #require(throws: MailError.self) { try await transport.send(MailFixtures.message()) }
        #expect(!error.isTemporary && error.text.contains("only sent over TLS"), "\(error)")
    }

    @Test func startTLSNotOfferedIsPermanent() async throws {
        let sink = try await SMTPSink.start(.plain)
        defer { sink.stop() }
        let error = try await #require(throws: MailError.self) {
            try await MailFixtures.smtp(sink, security: .startTLS).send(MailFixtures.message())
        }
        #expect(!error.isTemporary && error.text.contains("does not offer STARTTLS"), "\(error)")
    }

    @Test func nobodyListeningIsTemporary() async throws {
        let sink = try await SMTPSink.start(.plain)
        let port = sink.port
        sink.stop()
        let transport = SMTPTransport(configuration: SMTPConfiguration(host: "127.0.0.1", port: port, security: .plain, timeout: .seconds(10)))
        let error = try await #require(throws: MailError.self) { try await transport.send(MailFixtures.message()) }
        #expect(error.isTemporary, "\(error)")
        #expect(error.text.contains("127.0.0.1:\(port)"), "\(error)")
        #expect(error.text.lowercased().contains("refused"), "\(error)")
    }

    @Test func aServerThatNeverSpeaksTimesOut() async throws {
        let sink = try await SMTPSink.start(.silent)
        defer { sink.stop() }
        let started = ContinuousClock.now
        let error = try await #require(throws: MailError.self) {
            try await MailFixtures.smtp(sink, security: .plain, timeout: .milliseconds(300)).send(MailFixtures.message())
        }
        #expect(error.isTemporary, "\(error)")
        #expect(error.text.contains("did not answer within 0.3 s (greeting)"), "\(error)")
        #expect(ContinuousClock.now - started < .seconds(15))  // generous: only "it did not wait forever"
    }

    @Test func a4xxReplyIsTemporaryAndKeepsTheText() async throws {
        let sink = try await SMTPSink.start(.plain, dataReply: "451 4.3.0 Mail server busy, try later")
        defer { sink.stop() }
        let error = try await #require(throws: MailError.self) {
            try await MailFixtures.smtp(sink, security: .plain).send(MailFixtures.message())
        }
        #expect(error.isTemporary)
        #expect(error.text.contains("451 4.3.0 Mail server busy, try later"), "\(error)")
    }

    @Test func a5xxReplyIsPermanentAndKeepsTheText() async throws {
        let sink = try await SMTPSink.start(.plain, dataReply: "554 5.7.1 Rejected: looks like spam")
        defer { sink.stop() }
        let error = try await #require(throws: MailError.self) {
            try await MailFixtures.smtp(sink, security: .plain).send(MailFixtures.message())
        }
        #expect(!error.isTemporary)
        #expect(error.text.contains("554 5.7.1 Rejected: looks like spam"), "\(error)")
    }
}

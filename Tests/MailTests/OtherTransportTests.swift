import ChatTestSupport
import Foundation
import Mail
import Testing

/// SendmailTransport with a small stand-in for a local MTA's sendmail (records its arguments and stdin), and
/// DoNotSendTransport.
@Suite struct OtherTransportTests {
    /// A shell script in a fresh folder: records "$@" (one per line) and stdin, then runs `tail`.
    private func fakeSendmail(_ tail: String) throws -> (command: String, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fake-sendmail-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = folder.appendingPathComponent("sendmail")
        try """
        #!/bin/sh
        printf '%s\\n' "$@" > "\(folder.path)/args"
        cat > "\(folder.path)/stdin"
        \(tail)
        """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        // run through /bin/sh: exec'ing a file just written races with other tests' spawns (ETXTBSY)
        return ("/bin/sh \(script.path)", folder)
    }

    @Test func sendmailGetsSenderRecipientsAndTheMessage() async throws {
        let (command, folder) = try fakeSendmail("echo queued; exit 0")
        let message = MailFixtures.message(attachments: [MailAttachment(filename: "t.pdf", contentType: "application/pdf", data: MailFixtures.binary)])
        let receipt = try await SendmailTransport(command: "\(command) -i -f").send(message)
        #expect(receipt.reply == "queued")
        let arguments = try String(contentsOf: folder.appendingPathComponent("args"), encoding: .utf8)
        #expect(arguments == "-i\n-f\nsupport@chat.example\ntaro@customer.example\n")
        let stdin = Array(try Data(contentsOf: folder.appendingPathComponent("stdin")))
        #expect(!stdin.contains(13), "sendmail gets LF line ends")
        let parsed = try SMTPSink.parse(stdin)
        #expect(parsed.subject == MailFixtures.subject)
        #expect(parsed.attachments.first?.data == MailFixtures.binary)
    }

    @Test func sendmailFailureKeepsItsStderr() async throws {
        let (command, _) = try fakeSendmail("echo 'taro@customer.example... User unknown' >&2; exit 67")
        let error = try await #require(throws: MailError.self) {
            try await SendmailTransport(command: command).send(MailFixtures.message())
        }
        #expect(!error.isTemporary)
        #expect(error.text.contains("exited with 67") && error.text.contains("User unknown"), "\(error)")
    }

    @Test func sendmailTempfailIsTemporary() async throws {
        let (command, _) = try fakeSendmail("echo 'queue unavailable' >&2; exit 75")
        let error = try await #require(throws: MailError.self) {
            try await SendmailTransport(command: command).send(MailFixtures.message())
        }
        #expect(error.isTemporary && error.text.contains("queue unavailable"), "\(error)")
    }

    @Test func missingSendmailIsNamed() async throws {
        let error = try await #require(throws: MailError.self) {
            try await SendmailTransport(command: "/nonexistent/sendmail -i -f").send(MailFixtures.message())
        }
        #expect(error.text.contains("/nonexistent/sendmail"), "\(error)")
    }

    @Test func doNotSendSendsNothingButChecks() async throws {
        let receipt = try await DoNotSendTransport().send(MailFixtures.message())
        #expect(receipt.reply.contains("DoNotSendEmail"))
        var bad = MailFixtures.message()
        bad.to = []
        await #expect(throws: MailError.permanent("no recipient")) { try await DoNotSendTransport().send(bad) }
    }
}

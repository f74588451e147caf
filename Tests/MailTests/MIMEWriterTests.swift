import Foundation
@testable import Mail
import Testing

/// The writer alone: structure, limits, encodings. What a real reader makes of it is in SMTPTransportTests.
@Suite struct MIMEWriterTests {
    private func lines(_ message: MailMessage) -> [String] {
        String(decoding: MIMEWriter.render(message), as: UTF8.self).components(separatedBy: "\r\n")
    }

    private func headerLines(_ message: MailMessage) -> [String] {
        Array(lines(message).prefix(while: { !$0.isEmpty }))
    }

    @Test func dateMessageIDAndMIMEVersion() {
        let header = headerLines(MailFixtures.message("1.chat@chat.example"))
        #expect(header.contains("Date: Wed, 02 Dec 2026 09:35:25 +0000"))
        #expect(header.contains("Message-ID: <1.chat@chat.example>"))
        #expect(header.contains("MIME-Version: 1.0"))
        #expect(header.contains("Auto-Submitted: auto-generated"))
        #expect(MIMEDate.rfc5322(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 +0000")
    }

    @Test func sameMessageSameBytes() {
        let message = MailFixtures.message("2.chat@chat.example", attachments: [MailAttachment(filename: "a.pdf", contentType: "application/pdf", data: MailFixtures.binary)])
        #expect(MIMEWriter.render(message) == MIMEWriter.render(message))
    }

    @Test func nonASCIIHeadersAreEncodedWordsOfAtMost75Characters() {
        var message = MailFixtures.message()
        message.subject = String(repeating: "Größe 会話 🎉 ", count: 12)
        let header = headerLines(message)
        for line in header {
            #expect(line.utf8.count <= 76, "\(line)")
            #expect(line.unicodeScalars.allSatisfy { $0.isASCII }, "\(line)")
        }
        let words = header.joined(separator: " ").split(separator: " ").filter { $0.hasPrefix("=?") }
        #expect(words.count > 5)
        for word in words {
            #expect(word.count <= 75 && word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="), "\(word)")
            // each word decodes on its own: no UTF-8 sequence split between two words
            let payload = word.dropFirst(10).dropLast(2)
            let bytes = Data(base64Encoded: String(payload))
            #expect(bytes.flatMap { String(data: $0, encoding: .utf8) } != nil, "\(word)")
        }
    }

    @Test func asciiDisplayNamesAreAtomsOrQuoted() {
        var message = MailFixtures.message()
        message.from = MailAddress(name: "Chat Support", address: "s@chat.example")
        message.to = [MailAddress(name: "Doe, John \"JD\"", address: "j@x.example"), MailAddress(address: "k@x.example")]
        let header = headerLines(message)
        #expect(header.contains("From: Chat Support <s@chat.example>"))
        #expect(header.contains("To: \"Doe, John \\\"JD\\\"\" <j@x.example>, k@x.example"))
    }

    @Test func aLineBreakInTheSubjectCannotAddAHeader() {
        var message = MailFixtures.message()
        message.subject = "Hi\r\nBcc: victim@example.org"
        let header = headerLines(message)
        #expect(!header.contains { $0.hasPrefix("Bcc") })
        #expect(header.allSatisfy { $0.hasPrefix(" ") || $0.contains(":") })
    }

    @Test func aLongWordlessSubjectStaysWithin998() {
        var message = MailFixtures.message()
        message.subject = String(repeating: "x", count: 3000)
        #expect(lines(message).allSatisfy { $0.utf8.count <= 998 })
    }

    @Test func plainASCIITextIs7bitAndOtherTextQuotedPrintable() {
        var message = MailFixtures.message(body: "Hello\n.\nBye")
        var all = lines(message)
        #expect(all.contains("Content-Transfer-Encoding: 7bit"))
        #expect(all.suffix(3) == ["Hello", ".", "Bye"])
        message.textBody = String(repeating: "Grüße aus Köln, 日本語も ", count: 40) + "end  "
        all = lines(message)
        #expect(all.contains("Content-Transfer-Encoding: quoted-printable"))
        #expect(all.allSatisfy { $0.utf8.count <= 76 })
        #expect(all.last?.hasSuffix("end =20") == true)
    }

    @Test func attachmentIsBase64InLinesOf76WithAnRFC2231Name() throws {
        let name = "Gesprächsprotokoll – 会話 " + String(repeating: "ä", count: 40) + ".pdf"
        let message = MailFixtures.message(attachments: [MailAttachment(filename: name, contentType: "application/pdf", data: MailFixtures.binary)])
        let all = lines(message)
        let header = headerLines(message)
        let boundaryLine = try #require(header.first { $0.contains("boundary=") })
        #expect(boundaryLine.hasPrefix("Content-Type: multipart/mixed; boundary=\"=_ChatEngine_"))
        #expect(all.contains { $0.contains("filename*0*=UTF-8''Gespr%C3%A4chsprotokoll") })
        #expect(all.contains { $0.contains("filename=\"Gespr_chsprotokoll _ __ ___") })
        let base64 = all.filter { $0.count == 76 && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "/" } }
        #expect(base64.count >= MailFixtures.binary.count / 57)
        #expect(all.allSatisfy { $0.utf8.count <= 998 })
    }

    @Test func unsafeContentTypeBecomesOctetStream() {
        #expect(MIMEWriter.safeContentType("application/pdf") == "application/pdf")
        #expect(MIMEWriter.safeContentType("text/html\r\nX: y") == "application/octet-stream")
        #expect(MIMEWriter.safeContentType("pdf") == "application/octet-stream")
    }

    @Test func messageProblemsAreNamed() {
        var message = MailFixtures.message()
        message.to = [MailAddress(address: "-oQ/tmp@x")]
        #expect(message.problem?.contains("starts with '-'") == true)
        message.to = [MailAddress(address: "a@x\r\nRCPT TO:<b@y>")]
        #expect(message.problem?.contains("recipient") == true)
        message.to = []
        #expect(message.problem == "no recipient")
        message = MailFixtures.message("<no brackets>")
        #expect(message.problem?.contains("Message-ID") == true)
        #expect(MailFixtures.message().problem == nil)
    }
}

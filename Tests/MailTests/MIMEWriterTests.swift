import Foundation
import Mail
import Testing

@Suite struct MIMEWriterTests {
    @Test func rendersHeaders() {
        let message = MailMessage(
            from: MailAddress(name: "Chat", address: "chat@example.org"), to: [MailAddress(address: "a@example.org")],
            subject: "Hello", date: Date(timeIntervalSince1970: 0), messageID: "1.chat@example.org", textBody: "Hi")
        let text = String(decoding: MIMEWriter.render(message), as: UTF8.self)
        #expect(text.contains("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"))
        #expect(text.contains("Message-ID: <1.chat@example.org>\r\n"))
    }
}

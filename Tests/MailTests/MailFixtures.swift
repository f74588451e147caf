import ChatTestSupport
import Foundation
import Mail

/// Messages and settings the mail tests share.
enum MailFixtures {
    static let sender = MailAddress(name: "Jürgen Müßig – Support", address: "support@chat.example")
    static let recipient = MailAddress(name: "山田 太郎 😀", address: "taro@customer.example")
    static let subject = "Ihr Chat-Protokoll: Größenänderung – 会話の記録 🎉 (#4711)"
    static let date = Date(timeIntervalSince1970: 1_796_204_125)  // 2026-12-02 09:35:25 UTC

    static func message(
        _ id: String = "4711.\(UUID().uuidString)@chat.example", body: String = "Hallo Taro,\nhier ist der Chat.\n",
        attachments: [MailAttachment] = []
    ) -> MailMessage {
        MailMessage(from: sender, to: [recipient], subject: subject, date: date, messageID: id, textBody: body,
                    attachments: attachments, extraHeaders: [MailHeader("Auto-Submitted", "auto-generated")])
    }

    /// Every byte value, many times over, then a tail that is not a multiple of 3.
    static let binary: [UInt8] = (0..<40).flatMap { round in (0...255).map { UInt8(($0 + round) % 256) } } + [0, 255, 13, 10, 46]

    static func smtp(_ sink: SMTPSink, security: SMTPConfiguration.Security, host: String = "127.0.0.1",
                     auth: SMTPConfiguration.Credentials? = nil, trust: Bool = true,
                     timeout: Duration = .seconds(20)) -> SMTPTransport {
        SMTPTransport(configuration: SMTPConfiguration(
            host: host, port: sink.port, security: security, auth: auth, timeout: timeout, heloName: "chat.example",
            trustedRootsFile: trust ? sink.certificateFile : nil))
    }
}

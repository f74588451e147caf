import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Sends mail to an SMTP server (OTRS's `Kernel::System::Email::SMTP`, `::SMTPS`, `::SMTPTLS`): one connection
/// per mail, EHLO (HELO when refused), STARTTLS or implicit TLS, AUTH PLAIN or LOGIN over TLS only,
/// MAIL FROM / RCPT TO / DATA, QUIT. Every step waits at most `configuration.timeout`.
public final class SMTPTransport: MailTransport {
    public let configuration: SMTPConfiguration
    let group: any EventLoopGroup
    let logger: Logger

    public init(
        configuration: SMTPConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "chatengine.mail")
    ) {
        self.configuration = configuration
        self.group = eventLoopGroup
        self.logger = logger
    }

    public func send(_ message: MailMessage) async throws -> MailReceipt {
        if let problem = message.problem { throw MailError.permanent(problem) }
        if configuration.auth != nil && configuration.security == .plain {
            throw MailError.permanent("AUTH is only sent over TLS: use STARTTLS (SMTPTLS) or implicit TLS (SMTPS), or no AuthUser")
        }
        let tls = configuration.security == .plain ? nil : try configuration.makeTLSContext()
        var step = "connect"
        var connection: SMTPConnection?
        do {
            var open = try await SMTPConnection.connect(
                host: configuration.host, port: configuration.port, timeout: configuration.timeout,
                tls: configuration.security == .implicitTLS ? tls : nil, group: group)
            connection = open
            step = "greeting"
            let greeting = try await open.reply("greeting")
            guard greeting.code == 220 else { throw refused(greeting, step: "the connection (greeting)") }
            var extensions = try await hello(open)
            if configuration.security == .startTLS, let tls {
                step = "STARTTLS"
                guard extensions["STARTTLS"] != nil else {
                    throw MailError.permanent("\(configuration.host):\(configuration.port) does not offer STARTTLS")
                }
                let ready = try await open.command("STARTTLS")
                guard ready.code == 220 else { throw refused(ready, step: "STARTTLS") }
                try await open.startTLS(tls, host: configuration.host)
                connection = open
                step = "EHLO after STARTTLS"
                extensions = try await hello(open)
            }
            if let credentials = configuration.auth {
                step = "AUTH"
                try await authenticate(open, credentials, offered: extensions["AUTH"])
            }
            step = "MAIL FROM"
            let receipt = try await transfer(message, on: open)
            step = "QUIT"
            await quit(open)
            return receipt
        } catch {
            await connection?.close()
            let mailError = mailError(error, step: step)
            logger.info("mail not sent", metadata: ["message-id": "\(message.messageID)", "error": "\(mailError)"])
            throw mailError
        }
    }

    /// EHLO, or HELO when the server does not know EHLO; the extensions offered (none after HELO).
    private func hello(_ connection: SMTPConnection) async throws -> [String: [String]] {
        let ehlo = try await connection.command("EHLO \(configuration.heloName)")
        if ehlo.code == 250 { return ehlo.extensions }
        guard (500..<600).contains(ehlo.code) else { throw refused(ehlo, step: "EHLO") }
        let helo = try await connection.command("HELO \(configuration.heloName)")
        guard helo.code == 250 else { throw refused(helo, step: "HELO") }
        return [:]
    }

    /// MAIL FROM, RCPT TO for each recipient, DATA with the dot-stuffed message: the final reply is the receipt.
    private func transfer(_ message: MailMessage, on connection: SMTPConnection) async throws -> MailReceipt {
        let from = try await connection.command("MAIL FROM:<\(message.from.address)>")
        guard from.code == 250 else { throw refused(from, step: "MAIL FROM:<\(message.from.address)>") }
        for recipient in message.to {
            let rcpt = try await connection.command("RCPT TO:<\(recipient.address)>")
            guard rcpt.code == 250 || rcpt.code == 251 else { throw refused(rcpt, step: "RCPT TO:<\(recipient.address)>") }
        }
        let data = try await connection.command("DATA")
        guard data.code == 354 else { throw refused(data, step: "DATA") }
        try await connection.write(Self.dotStuffed(MIMEWriter.render(message)), "the message")
        let accepted = try await connection.reply("end of the message")
        guard accepted.code == 250 else { throw refused(accepted, step: "the message") }
        logger.debug("mail accepted", metadata: ["message-id": "\(message.messageID)", "reply": "\(accepted)"])
        return MailReceipt(reply: accepted.description)
    }

    /// The mail is accepted already: QUIT is a courtesy whose failure changes nothing.
    private func quit(_ connection: SMTPConnection) async {
        _ = try? await connection.command("QUIT")
        await connection.close()
    }

    /// RFC 5321 4.5.2: a `.` starting a line is doubled; the data ends with CRLF `.` CRLF.
    static func dotStuffed(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 50 + 5)
        var atLineStart = true
        for byte in bytes {
            if atLineStart && byte == UInt8(ascii: ".") { out.append(byte) }
            out.append(byte)
            atLineStart = byte == 10
        }
        if !(out.count >= 2 && out[out.count - 2] == 13 && out[out.count - 1] == 10) { out += [13, 10] }
        out += Array(".\r\n".utf8)
        return out
    }
}

import Foundation

extension SMTPTransport {
    /// AUTH PLAIN when offered, else AUTH LOGIN (RFC 4954, RFC 4616); only over TLS.
    func authenticate(_ connection: SMTPConnection, _ credentials: SMTPConfiguration.Credentials, offered: [String]?) async throws {
        let server = "\(configuration.host):\(configuration.port)"
        guard connection.isTLS else {
            throw MailError.permanent("AUTH is only sent over TLS, and the connection to \(server) is not encrypted")
        }
        guard let offered, !offered.isEmpty else {
            throw MailError.permanent("\(server) offers no AUTH, but AuthUser is set")
        }
        if offered.contains("PLAIN") {
            let token = Data(([0] + Array(credentials.user.utf8) + [0] + Array(credentials.password.utf8))).base64EncodedString()
            let reply = try await connection.command("AUTH PLAIN \(token)", shown: "AUTH PLAIN (user \(credentials.user))")
            guard reply.code == 235 else { throw refused(reply, step: "AUTH PLAIN as \(credentials.user)") }
            return
        }
        if offered.contains("LOGIN") {
            let step = "AUTH LOGIN as \(credentials.user)"
            let start = try await connection.command("AUTH LOGIN")
            guard start.code == 334 else { throw refused(start, step: step) }
            let user = try await connection.command(Data(credentials.user.utf8).base64EncodedString(), shown: "\(step) (user)")
            guard user.code == 334 else { throw refused(user, step: step) }
            let done = try await connection.command(Data(credentials.password.utf8).base64EncodedString(), shown: "\(step) (password)")
            guard done.code == 235 else { throw refused(done, step: step) }
            return
        }
        throw MailError.permanent("\(server) offers AUTH \(offered.joined(separator: " ")); ChatEngine speaks PLAIN and LOGIN")
    }
}

import NIOCore
import NIOPosix
import NIOSSL

extension SMTPTransport {
    /// Any error of a conversation as a `MailError` that names the server and the step, keeping the server's text.
    func mailError(_ error: any Error, step: String) -> MailError {
        let server = "\(configuration.host):\(configuration.port)"
        switch error {
        case let error as MailError:
            return error
        case SMTPStepError.timeout(let step, let seconds):
            return .temporary("\(server) did not answer within \(seconds) s (\(step))")
        case SMTPStepError.protocolViolation(let text):
            return .permanent("\(server) \(text) (\(step))")
        case let error as SMTPReplyParser.Malformed:
            return .permanent("\(server) is not an SMTP server? \(error) (\(step))")
        case let error as NIOSSLError:
            if case .handshakeFailed = error {
                return .permanent("TLS with \(server) failed (certificate not trusted, or no common protocol): \(error)")
            }
            return .temporary("TLS with \(server) broke: \(error) (\(step))")
        case let error as NIOSSLExtraError:
            return .permanent("the certificate of \(server) does not verify: \(error)")
        case let error as NIOConnectionError:
            return .temporary("cannot connect to \(server): \(connectionReason(error))")
        case ChannelError.connectTimeout:
            return .temporary("no connection to \(server) within \(configuration.timeout.seconds) s")
        case is ChannelError, is SMTPReplyHandler.ConnectionClosed, is IOError:
            return .temporary("the connection to \(server) broke (\(step)): \(error)")
        default:
            return .temporary("sending to \(server) failed (\(step)): \(error)")
        }
    }

    private func connectionReason(_ error: NIOConnectionError) -> String {
        let reasons = error.connectionErrors.map { "\($0.target): \($0.error)" }
        if !reasons.isEmpty { return reasons.joined(separator: "; ") }
        if let dnsError = error.dnsAAAAError ?? error.dnsAError { return "name resolution failed: \(dnsError)" }
        return "\(error)"
    }

    /// A negative reply as a `MailError`: 4xx temporary, 5xx permanent, with the server's words.
    func refused(_ reply: SMTPReply, step: String) -> MailError {
        let text = "\(configuration.host):\(configuration.port) refused \(step): \(reply)"
        return reply.isTemporaryFailure ? .temporary(text) : .permanent(text)
    }
}

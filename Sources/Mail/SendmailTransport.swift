import Foundation

/// Hands the mail to a local MTA's sendmail command: OTRS's `Kernel::System::Email::Sendmail` with
/// `SendmailModule::CMD`. The command's words, then the sender's address, then each recipient's, become the
/// arguments (no shell); the message goes to its stdin with LF line ends. A non-zero exit is an error with the
/// command's stderr; exit 75 (EX_TEMPFAIL) and a command that had to be stopped after `timeout` are temporary.
public struct SendmailTransport: MailTransport {
    public static let defaultCommand = "/usr/sbin/sendmail -i -f"

    public let command: String
    public let timeout: Duration

    public init(command: String = SendmailTransport.defaultCommand, timeout: Duration = .seconds(60)) {
        self.command = command
        self.timeout = timeout
        _ = Self.ignoreSIGPIPE
    }

    /// A command that exits before reading all of stdin must give us an error, not SIGPIPE killing the server.
    private static let ignoreSIGPIPE: Void = { signal(SIGPIPE, SIG_IGN) }()

    public func send(_ message: MailMessage) async throws -> MailReceipt {
        if let problem = message.problem { throw MailError.permanent(problem) }
        var words = command.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard !words.isEmpty else { throw MailError.permanent("SendmailModule::CMD is empty") }
        let executable = try Self.resolve(words.removeFirst())
        let arguments = words + [message.from.address] + message.to.map(\.address)
        // sendmail reads a local text file: LF line ends, no dot-stuffing (-i)
        let input = Self.crlfToLF(MIMEWriter.render(message))
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    try Self.run(executable: executable, arguments: arguments, input: input, timeout: seconds)
                })
            }
        }
    }

    private static func resolve(_ program: String) throws -> String {
        if program.contains("/") { return program }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw MailError.permanent("SendmailModule::CMD: \(program) not found in PATH")
    }

    private static func crlfToLF(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 13, index + 1 < bytes.count, bytes[index + 1] == 10 {
                index += 1
                continue
            }
            out.append(bytes[index])
            index += 1
        }
        return out
    }

    /// Blocking: runs on a dispatch thread, never on the concurrency pool.
    private static func run(executable: String, arguments: [String], input: [UInt8], timeout: Double) throws -> MailReceipt {
        let outcome: ChildProcess.Outcome
        do {
            outcome = try ChildProcess.run(executable: executable, arguments: arguments, input: input, timeout: timeout)
        } catch {
            throw MailError.permanent("cannot run \(executable): \(error.localizedDescription)")
        }
        if outcome.timedOut {
            throw MailError.temporary("\(executable) did not finish within \(timeout) s and was stopped")
        }
        let errText = String(decoding: outcome.err, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let outText = String(decoding: outcome.out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if outcome.killedBySignal {
            throw MailError.temporary("\(executable) was killed by signal \(outcome.status): \(errText)")
        }
        if outcome.status == 75 {
            throw MailError.temporary("\(executable) exited with 75 (EX_TEMPFAIL): \(errText)")
        }
        if outcome.status != 0 {
            throw MailError.permanent("\(executable) exited with \(outcome.status): \(errText.isEmpty ? outText : errText)")
        }
        if let writeError = outcome.writeError {
            throw MailError.permanent("\(executable) did not read the whole message: \(writeError)")
        }
        return MailReceipt(reply: outText.isEmpty ? "\(executable) exited with 0" : outText)
    }
}

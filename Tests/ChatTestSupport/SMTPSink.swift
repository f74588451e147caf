import Foundation
import Mail
#if canImport(Glibc)
import Glibc
#endif

/// A real SMTP server for tests: `Tests/mail/smtp_sink.py` (aiosmtpd) in the test venv, on 127.0.0.1 and a free
/// port, writing each accepted message to a temporary folder; and `Tests/mail/parse_mail.py`, which reads a mail
/// back with Python's `email` package. For the mail tests and for the engine's and the web's.
///
///     let sink = try await SMTPSink.start(.plain)
///     defer { sink.stop() }
///     … send to 127.0.0.1:\(sink.port) …
///     let mail = try await sink.waitForMail(count: 1)[0]
///     let parsed = try SMTPSink.parse(mail.raw)
public final class SMTPSink: @unchecked Sendable {
    public enum Mode: String, Sendable {
        case plain
        /// STARTTLS before MAIL (and AUTH PLAIN/LOGIN when `user` is given)
        case startTLS = "starttls"
        /// SMTPS (and AUTH when `user` is given)
        case implicitTLS = "implicit"
        /// accepts TCP connections and never speaks
        case silent
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// The envelope the sink recorded beside a message.
    public struct Envelope: Decodable, Sendable {
        public var mail_from: String
        public var rcpt_tos: [String]
        public var auth_login: String?
        public var tls: Bool
        public var helo: String?
    }

    public struct ReceivedMail: Sendable {
        /// The message as DATA carried it (dot-unstuffed).
        public var raw: [UInt8]
        public var envelope: Envelope
    }

    public let port: Int
    public let mode: Mode
    /// Where the messages go (`0001.eml`, `0001.json`, …); also holds the certificate and the sink's stderr.
    public let folder: URL
    /// The self-signed certificate (PEM) of the TLS modes: trust it with `trustedRootsFile`.
    public let certificateFile: String?
    private let process: Process
    /// Our end of the sink's stdin: closing it (or our exit) stops the sink.
    private let stdinPipe: ClosingPipe

    /// Config.pm lines that send ChatEngine's mail by plain SMTP to 127.0.0.1:`port` (a sink's, or one nobody
    /// listens on).
    public static func config(port: Int) -> String {
        """
            $Self->{'SendmailModule'} = 'Kernel::System::Email::SMTP';
            $Self->{'SendmailModule::Host'} = '127.0.0.1';
            $Self->{'SendmailModule::Port'} = '\(port)';
        """
    }

    /// Starts the sink; TLS modes get a fresh self-signed certificate for `localhost` and 127.0.0.1 (made with
    /// `openssl req`). `dataReply` (e.g. `451 4.3.0 try later`) answers every DATA instead of accepting it;
    /// `authExclude` names AUTH mechanisms not to offer (`["PLAIN"]` leaves LOGIN); `certificateNames` are the
    /// certificate's subjectAltName entries; `heloOnly` answers EHLO with 502, as an old server does;
    /// `injectAfterSTARTTLS` sends a clear-text reply right after STARTTLS's 220 (a man in the middle's trick).
    public static func start(
        _ mode: Mode, user: String? = nil, password: String? = nil, dataReply: String? = nil, authExclude: [String] = [],
        certificateNames: String = "DNS:localhost,IP:127.0.0.1", heloOnly: Bool = false,
        injectAfterSTARTTLS: Bool = false
    ) async throws -> SMTPSink {
        let python = try TestPython.path()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("mail"), withIntermediateDirectories: true)
        var arguments = [TestPython.repositoryRoot.appendingPathComponent("Tests/mail/smtp_sink.py").path,
                         folder.appendingPathComponent("mail").path, "--mode", mode.rawValue]
        var certificate: String?
        if mode == .startTLS || mode == .implicitTLS {
            let (cert, key) = try makeSelfSignedCertificate(in: folder, names: certificateNames)
            certificate = cert
            arguments += ["--cert", cert, "--key", key]
        }
        if let user { arguments += ["--user", user, "--password", password ?? ""] }
        if let dataReply { arguments += ["--data-reply", dataReply] }
        for mechanism in authExclude { arguments += ["--auth-exclude", mechanism] }
        if heloOnly { arguments.append("--helo-only") }
        if injectAfterSTARTTLS { arguments.append("--inject-after-starttls") }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        let stdin = try ClosingPipe(), stdout = try ClosingPipe()
        let stderrFile = folder.appendingPathComponent("sink.stderr")
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        let stderr = try FileHandle(forWritingTo: stderrFile)
        _ = fcntl(stderr.fileDescriptor, F_SETFD, FD_CLOEXEC)
        process.standardInput = stdin.read
        process.standardOutput = stdout.write
        process.standardError = stderr
        try process.run()
        try? stdin.read.close()
        try? stdout.write.close()
        try? stderr.close()
        let line = await Task.detached { readLine(stdout.read, seconds: 20) }.value
        guard let line, let port = Int(line) else {
            process.terminate()
            let stderr = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
            throw Failure("the SMTP sink did not start (run scripts/test-venv.sh?): \(stderr.suffix(2000))")
        }
        return SMTPSink(port: port, mode: mode, folder: folder, certificateFile: certificate, process: process, stdin: stdin)
    }

    private init(port: Int, mode: Mode, folder: URL, certificateFile: String?, process: Process, stdin: ClosingPipe) {
        self.port = port
        self.mode = mode
        self.folder = folder
        self.certificateFile = certificateFile
        self.process = process
        self.stdinPipe = stdin
    }

    deinit { stop() }

    /// Stops the sink (it also stops by itself when this process goes: its stdin closes).
    public func stop() {
        try? stdinPipe.write.close()
        if process.isRunning { process.terminate() }
        // not waitUntilExit: it can miss the exit and hang; a short bounded look instead
        for _ in 0..<40 where process.isRunning { usleep(50_000) }
    }

    /// The messages received so far, in order.
    public func received() throws -> [ReceivedMail] {
        let mailFolder = folder.appendingPathComponent("mail")
        let names = try FileManager.default.contentsOfDirectory(atPath: mailFolder.path).filter { $0.hasSuffix(".eml") }.sorted()
        return try names.map { name in
            let base = mailFolder.appendingPathComponent(String(name.dropLast(4)))
            let raw = try Data(contentsOf: base.appendingPathExtension("eml"))
            let envelope = try JSONDecoder().decode(Envelope.self, from: Data(contentsOf: base.appendingPathExtension("json")))
            return ReceivedMail(raw: Array(raw), envelope: envelope)
        }
    }

    /// Waits (polling, at most `seconds`) until at least `count` messages have arrived.
    public func waitForMail(count: Int, seconds: Double = 20) async throws -> [ReceivedMail] {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let mail = try received()
            if mail.count >= count { return mail }
            if Date() > deadline { throw Failure("the SMTP sink got \(mail.count) of \(count) mails within \(seconds) s") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// A mail as Python's `email` package reads it (`Tests/mail/parse_mail.py`).
    public static func parse(_ raw: [UInt8]) throws -> ParsedMail {
        let output = try TestPython.run(
            [TestPython.repositoryRoot.appendingPathComponent("Tests/mail/parse_mail.py").path], input: raw)
        do {
            return try JSONDecoder().decode(ParsedMail.self, from: Data(output))
        } catch {
            throw Failure("parse_mail.py printed no JSON (\(error)): \(String(decoding: output.prefix(2000), as: UTF8.self))")
        }
    }

    /// `openssl req`: a self-signed EC certificate for CN=localhost with the given subjectAltName, valid a day.
    public static func makeSelfSignedCertificate(
        in folder: URL, names: String = "DNS:localhost,IP:127.0.0.1"
    ) throws -> (certificate: String, key: String) {
        let cert = folder.appendingPathComponent("cert.pem").path, key = folder.appendingPathComponent("key.pem").path
        _ = try TestPython.runTool("/usr/bin/openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=\(names)",
        ])
        return (cert, key)
    }

    private static func readLine(_ handle: FileHandle, seconds: Double) -> String? {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var line: String?
        DispatchQueue.global().async {
            var bytes: [UInt8] = []
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                bytes += chunk
                if let newline = bytes.firstIndex(of: 10) {
                    line = String(decoding: bytes[..<newline], as: UTF8.self)
                    break
                }
            }
            done.signal()
        }
        return done.wait(timeout: .now() + seconds) == .success ? line : nil
    }
}

/// A mail as `parse_mail.py` prints it.
public struct ParsedMail: Decodable, Sendable {
    public struct Mailbox: Decodable, Sendable, Equatable {
        public var name: String
        public var address: String

        public init(name: String, address: String) {
            self.name = name
            self.address = address
        }
    }

    public struct Attachment: Decodable, Sendable {
        public var filename: String?
        public var content_type: String
        public var sha256: String
        public var size: Int
        public var data_base64: String
        /// The decoded bytes.
        public var data: [UInt8] { Array(Data(base64Encoded: data_base64) ?? Data()) }
    }

    public var from: [Mailbox]
    public var to: [Mailbox]
    public var subject: String?
    public var date: String?
    public var date_iso: String?
    public var message_id: String?
    public var mime_version: String?
    public var content_type: String
    public var body: String?
    public var attachments: [Attachment]
    /// Numbers of the lines longer than 998 octets.
    public var long_lines: [Int]
    /// Whether any LF came without its CR.
    public var bare_lf: Bool
    public var defects: [String]
    public var headers: [[String]]
}

/// The tests' Python: `$CHATENGINE_TEST_PYTHON`, else `<repository>/.build/e2e-venv/bin/python` (made by
/// `scripts/test-venv.sh`). Missing is a failure, never a skip.
public enum TestPython {
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    public static func path(
        environment: [String: String] = ProcessInfo.processInfo.environment, root: URL = repositoryRoot
    ) throws -> String {
        let configured = environment["CHATENGINE_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
        let path = configured ?? root.appendingPathComponent(".build/e2e-venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw SMTPSink.Failure("no test Python at \(path): run scripts/test-venv.sh (or set CHATENGINE_TEST_PYTHON)")
        }
        return path
    }

    /// Runs a script with the test Python; its stdout, or a failure with its stderr.
    public static func run(_ arguments: [String], input: [UInt8] = []) throws -> [UInt8] {
        try runTool(path(), arguments, input: input)
    }

    /// Runs a program (no shell), feeding `input`; its stdout, or a failure with its stderr.
    public static func runTool(_ executable: String, _ arguments: [String], input: [UInt8] = []) throws -> [UInt8] {
        signal(SIGPIPE, SIG_IGN)  // a tool that exits early fails the test, not the whole test process
        let outcome = try ChildProcess.run(executable: executable, arguments: arguments, input: input)
        guard outcome.status == 0, !outcome.killedBySignal else {
            throw SMTPSink.Failure("\(executable) \(arguments.first ?? "") exited with \(outcome.status): "
                + String(decoding: outcome.err, as: UTF8.self).suffix(2000))
        }
        return Array(outcome.out)
    }
}

import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Runs the real `chatengine serve` binary on a free loopback port for a test, and reads its /health.
final class ServerProcess {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary the test command built (`CHATENGINE_BIN`), else the default debug build.
    static var binary: String {
        ProcessInfo.processInfo.environment["CHATENGINE_BIN"]
            ?? repositoryRoot.appendingPathComponent(".build/debug/chatengine").path
    }

    let process = Process()
    let port: Int
    let output = Pipe()
    /// The home and the extra arguments it was started with (`restart()` starts the same again).
    let home: URL
    let arguments: [String]

    convenience init(home: URL, arguments: [String] = []) throws {
        try self.init(home: home, port: try Self.freePort(), arguments: arguments)
    }

    /// On a given `port`: the same one again for a restart.
    init(home: URL, port: Int, arguments: [String] = []) throws {
        self.port = port
        self.home = home
        self.arguments = arguments
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--home", home.path, "--port", String(port)] + arguments
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }

    deinit {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    func hangUp() {
        kill(process.processIdentifier, SIGHUP)
    }

    /// Sends `signal` (SIGTERM unless told otherwise), as a service manager stopping the server does.
    func terminate(with signal: Int32 = SIGTERM) {
        kill(process.processIdentifier, signal)
    }

    /// How the process ended: its exit status, and whether it exited (false: a signal killed it).
    struct Exit: Equatable, CustomStringConvertible {
        let status: Int32
        let exited: Bool
        var description: String { exited ? "exit status \(status)" : "killed by signal \(status)" }
    }

    /// Waits for the process to end, for at most `seconds` (polling, so no thread blocks); nil while it
    /// still runs.
    func waitForExit(seconds: Double) async -> Exit? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning { return nil }
        return Exit(status: process.terminationStatus, exited: process.terminationReason == .exit)
    }

    /// How the server ended within `seconds`; if it still runs, it is killed and the test records `failure`.
    func exitOrKill(within seconds: Double, failure: String) async -> Exit? {
        if let ended = await waitForExit(seconds: seconds) { return ended }
        terminate(with: SIGKILL)
        _ = await waitForExit(seconds: 10)
        Issue.record(Comment(rawValue: failure))
        return nil
    }

    /// The server again on the same home, port and arguments, once this one has ended (a restart).
    func restart() throws -> ServerProcess {
        guard !process.isRunning else { throw ServerError.exited("restart: the previous server still runs") }
        return try ServerProcess(home: home, port: port, arguments: arguments)
    }

    /// GET a path; nil while the server does not answer.
    func get(_ path: String) async -> (status: Int, body: Data)? {
        var request = URLRequest(url: URL(string: baseURL + path)!)
        request.timeoutInterval = 5
        guard let (data, response) = try? await URLSession.shared.data(for: request),
            let http = response as? HTTPURLResponse
        else { return nil }
        return (http.statusCode, data)
    }

    /// The health page's `config` object.
    func health() async throws -> [String: Any]? {
        guard let (status, body) = await get("/health"), status == 200 else { return nil }
        let object = try JSONSerialization.jsonObject(with: body) as? [String: Any]
        return object?["config"] as? [String: Any]
    }

    /// Polls the health page until `condition` holds, for at most `seconds`.
    func waitForHealth(seconds: Double = 30, _ condition: ([String: Any]) -> Bool) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(seconds)
        var last: [String: Any]?
        while Date() < deadline {
            if !process.isRunning { throw ServerError.exited(outputText()) }
            if let health = try await health() {
                last = health
                if condition(health) { return health }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ServerError.timedOut("last health: \(String(describing: last))\n\(outputText())")
    }

    func outputText() -> String {
        if process.isRunning { return "(server still running)" }
        return String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
    }

    enum ServerError: Error {
        case exited(String)
        case timedOut(String)
    }

    /// A port the kernel just handed out for 127.0.0.1.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw ServerError.exited("bind failed") }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

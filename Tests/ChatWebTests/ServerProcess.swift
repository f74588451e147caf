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

    init(home: URL, arguments: [String] = []) throws {
        port = try Self.freePort()
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

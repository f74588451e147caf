import Foundation
import Testing

/// A second `chatengine serve` (a second `make run`) on the port the first one holds says so in one line,
/// naming the address and how to choose another port, before it prints any URL (they would be the first
/// server's), and exits non-zero without a backtrace. The first server keeps serving.
@Suite("chatengine serve on a port already in use", .timeLimit(.minutes(1)))
struct PortInUseTests {
    @Test("the second server names the address and --port, prints no URL and exits 1; the first keeps serving")
    func secondServerOnTakenPort() async throws {
        let home = try WebHarness.makeHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let first = try ServerProcess(home: home, arguments: ["--config-poll-seconds", "0"])
        _ = try await first.waitForHealth(seconds: 30) { _ in true }

        let second = try ServerProcess(home: home, port: first.port, arguments: ["--config-poll-seconds", "0"])
        guard let ended = await second.exitOrKill(within: 20, failure: "the second server still ran after 20 s on a port in use")
        else { return }
        let output = second.outputText()
        #expect(ended == ServerProcess.Exit(status: 1, exited: true), "\(ended)\n\(output)")
        let lines = output.split(separator: "\n")
        #expect(lines.count == 1, "one line, not:\n\(output)")
        #expect(output.contains("127.0.0.1:\(first.port)") && output.contains("already in use"), "\(output)")
        #expect(output.contains("--port"), "says how to choose another port: \(output)")
        #expect(!output.contains("http://"), "no URL: \(output)")
        #expect(await first.get("/health")?.status == 200, "the first server still answers")
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

/// Slow and malformed HTTP (issue 12): every such request gets its 4xx and the connection closes; slow
/// clients are cut off after `ChatEngine::HTTP::*` timeouts; one address holds a bounded number of
/// connections. The timeouts are set to a second or two; the bounds asserted are generous.
@Suite("HTTP connection guard", .timeLimit(.minutes(2)))
struct HTTPGuardTests {
    static let shortTimeouts = """
            $Self->{'ChatEngine::HTTP::RequestHeadTimeout'} = 1;
            $Self->{'ChatEngine::HTTP::BodyTimeout'} = 1;
            $Self->{'ChatEngine::HTTP::BodyMinimumRate'} = 1000;
            $Self->{'ChatEngine::HTTP::KeepAliveTimeout'} = 1;
        """

    /// Runs `body` with the live server's port.
    static func withServer(_ overrides: String = "", _ body: @Sendable @escaping (Int) async throws -> Void) async throws {
        try await WebHarness.with(overrides, setup: .live) { _, client async throws in
            try await body(try #require(client.port))
        }
    }

    /// Sends `request` on a fresh connection and reads the answer: the status, and that the server closed.
    static func answer(_ port: Int, _ request: [UInt8]) async throws -> RawHTTP.Answer {
        let connection = try RawHTTP(port: port)
        connection.send(request)
        return await connection.read(for: 10)
    }

    @Test("malformed requests, long targets and big header blocks get 400, 414 or 431 at once, then the close",
        arguments: [
            ("bytes that are not HTTP", Array("\u{0}\u{1}\u{2}".utf8), 400),
            ("HTTP/9.9", Array("GET / HTTP/9.9\r\nHost: x\r\n\r\n".utf8), 400),
            ("a header without a colon", Array("GET / HTTP/1.1\r\nHost x\r\n\r\n".utf8), 400),
            ("a 20 KiB target", Array("GET /\(String(repeating: "a", count: 20 << 10)) HTTP/1.1\r\nHost: x\r\n\r\n".utf8), 414),
            ("a 100 KiB target", Array("GET /\(String(repeating: "a", count: 100 << 10)) HTTP/1.1\r\nHost: x\r\n\r\n".utf8), 414),
            ("a 1 MiB target", Array("GET /\(String(repeating: "a", count: 1 << 20)) HTTP/1.1\r\nHost: x\r\n\r\n".utf8), 414),
            ("a 100 KiB header", Array("GET / HTTP/1.1\r\nHost: x\r\nX-A: \(String(repeating: "a", count: 100 << 10))\r\n\r\n".utf8), 431),
            ("5,000 headers", Array("GET / HTTP/1.1\r\nHost: x\r\n\((0..<5000).map { "X-\($0): a\r\n" }.joined())\r\n".utf8), 431),
        ])
    func refusedAtOnce(_ name: String, _ request: [UInt8], _ status: Int) async throws {
        try await Self.withServer { port in
            let answer = try await Self.answer(port, request)
            #expect(answer.status == status, "\(name): \(answer.text.prefix(80))")
            #expect(answer.text.contains("Connection: close"), "\(name)")
            #expect(answer.closed, "\(name): the connection must close after the answer")
        }
    }

    @Test("a declared body over the limit gets 413 before any byte of it is sent")
    func bodyTooLargeAnsweredEarly() async throws {
        try await Self.withServer { port in
            let connection = try RawHTTP(port: port)
            connection.send("POST /otrs/index.pl HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: \(OTRSFrontend.maxBodyBytes + 1)\r\n\r\n")
            let answer = await connection.read(for: 10)
            #expect(answer.status == 413, "\(answer.text.prefix(80))")
            #expect(answer.closed)
        }
    }

    @Test("a head that never completes gets 408 after RequestHeadTimeout, not before, and the connection closes")
    func slowHead() async throws {
        try await Self.withServer(Self.shortTimeouts) { port in
            let connection = try RawHTTP(port: port)
            connection.send("GET /health HTTP/1.1\r\nHost: x\r\n")  // the blank line never comes
            let answer = await connection.read(for: 15)
            #expect(answer.status == 408, "\(answer.text.prefix(80))")
            #expect((answer.firstByteAfter ?? 0) >= 0.8, "not before the timeout")
            #expect(answer.closed)
        }
    }

    @Test("a body slower than BodyMinimumRate gets 408 after BodyTimeout; a body at a good pace is served")
    func slowBody() async throws {
        try await Self.withServer(Self.shortTimeouts) { port in
            let slow = try RawHTTP(port: port)
            slow.send("POST /otrs/index.pl HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 100000\r\n\r\nAction=Login")
            let answer = await slow.read(for: 15)
            #expect(answer.status == 408, "\(answer.text.prefix(80))")
            #expect((answer.firstByteAfter ?? 0) >= 0.8)
            #expect(answer.closed)
        }
        // the good pace on the default timeouts: a 1 s BodyTimeout made it flaky on a busy machine
        try await Self.withServer { port in
            let body = "Action=Login&User=nobody&Password=wrong"
            let paced = try RawHTTP(port: port)
            paced.send("POST /otrs/index.pl HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n")
            try await Task.sleep(for: .milliseconds(100))
            paced.send(body)
            let served = await paced.read(for: 10)
            #expect(served.status == 401, "the login was read and judged: \(served.text.prefix(80))")
        }
    }

    @Test("an idle keep-alive connection closes after KeepAliveTimeout; a silent new one after RequestHeadTimeout")
    func idleConnections() async throws {
        try await Self.withServer(Self.shortTimeouts) { port in
            let kept = try RawHTTP(port: port)
            kept.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            let first = await kept.read(for: 10, oneResponse: true)
            #expect(first.status == 200, "\(first.text.prefix(80))")
            #expect(!first.closed, "kept alive after the answer")
            let idle = await kept.read(for: 15)
            #expect(idle.closed, "closed when idle")
            #expect(idle.text.isEmpty, "an idle connection is closed without an answer")

            let silent = try RawHTTP(port: port)
            let nothing = await silent.read(for: 15)
            #expect(nothing.closed)
            #expect(nothing.text.isEmpty)
        }
    }

    @Test("a WebSocket is not cut off by the HTTP timeouts")
    func webSocketOutlivesTimeouts() async throws {
        try await WebHarness.with(Self.shortTimeouts, setup: .live) { harness, client async throws in
            let port = try #require(client.port)
            let agent = try await WebSession.login(client, .agent, "root@localhost", harness.credentials.agentPassword)
            try await TestSocket.open(port: port, query: "Interface=Agent&ChallengeToken=\(agent.challenge ?? "")",
                cookie: agent.cookie) { socket in
                try await socket.send(["Type": "Hello", "Since": [:]])
                _ = try await socket.next("Snapshot")
                try await Task.sleep(for: .milliseconds(2500))  // past the head, body and keep-alive timeouts
                try await socket.send(["Type": "Command", "CommandID": "late", "Subaction": "GetAvailability", "Params": [:]])
                let result = try await socket.next("Result")
                #expect(result["OK"] == .bool(true))
            }
            // a client that sends its first frame in the same packet as the upgrade request
            let eager = try RawHTTP(port: port)
            eager.send(Array(("GET /otrs/ws?Interface=Agent&ChallengeToken=\(agent.challenge ?? "") HTTP/1.1\r\n"
                + "Host: 127.0.0.1:\(port)\r\nOrigin: http://127.0.0.1:\(port)\r\nCookie: \(agent.cookie ?? "")\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").utf8)
                + RawWebSocket.maskedFrame(opcode: 0x1, Array(#"{"Type":"Hello","Since":{}}"#.utf8)))
            let upgraded = await eager.read(for: 30, until: "Snapshot")  // an upper bound: the parallel suite is slow
            #expect(upgraded.text.hasPrefix("HTTP/1.1 101"), "\(upgraded.text.prefix(80))")
            #expect(upgraded.text.contains("Snapshot"), "the early frame reached the socket")
        }
    }

    @Test("one address holds MaxConnectionsPerAddress connections; the next gets 429; closing frees the places")
    func connectionsPerAddress() async throws {
        try await Self.withServer("    $Self->{'ChatEngine::HTTP::MaxConnectionsPerAddress'} = 3;") { port in
            var held = try (0..<3).map { _ in try RawHTTP(port: port) }
            try await Task.sleep(for: .milliseconds(200))
            let refused = try await Self.answer(port, Array("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            #expect(refused.status == 429, "\(refused.text.prefix(80))")
            #expect(refused.text.contains("Retry-After"))
            #expect(refused.closed)
            held.removeAll()  // closes them (the test client may hold a place of its own, so free them all)
            var served: RawHTTP.Answer?
            for _ in 0..<50 where served?.status != 200 {  // the server notices the close within moments
                try await Task.sleep(for: .milliseconds(100))
                served = try await Self.answer(port, Array("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
            }
            #expect(served?.status == 200)
            _ = held
        }
    }

    @Test("a trusted proxy's address is exempt from the connection limit")
    func trustedProxyExempt() async throws {
        let overrides = """
                $Self->{'ChatEngine::HTTP::MaxConnectionsPerAddress'} = 2;
                $Self->{'ChatEngine::TrustedProxies'} = '127.0.0.1';
            """
        try await Self.withServer(overrides) { port in
            let held = try (0..<4).map { _ in try RawHTTP(port: port) }
            let served = try await Self.answer(port, Array("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
            #expect(served.status == 200, "\(served.text.prefix(80))")
            _ = held
        }
    }
}

import ChatCore
import ChatStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

/// Findings of the security probe (issue 12) fixed so far: sockets after logout, who may open a waiting
/// request, probing chat IDs, search wildcards, login CSRF, the database file's mode.
@Suite("Hardening", .timeLimit(.minutes(2)))
struct HardeningTests {
    @Test("logging out closes that session's open sockets at once with NoSession and 4401; other sessions keep theirs")
    func logoutClosesSockets() async throws {
        try await WebHarness.with(setup: .live) { harness, client async throws in
            let port = try #require(client.port)
            let agent = try await Flow.externalAgent(harness, client)
            let other = try await WebSession.login(client, .agent, "root@localhost", harness.credentials.agentPassword)
            try await TestSocket.open(port: port, query: "Interface=Agent&ChallengeToken=\(agent.challenge ?? "")",
                cookie: agent.cookie) { socket in
                try await socket.send(["Type": "Hello", "Since": [:]])
                _ = try await socket.next("Snapshot")
                try await TestSocket.open(port: port, query: "Interface=Agent&ChallengeToken=\(other.challenge ?? "")",
                    cookie: other.cookie) { otherSocket in
                    try await otherSocket.send(["Type": "Hello", "Since": [:]])
                    _ = try await otherSocket.next("Snapshot")
                    let logout = try await client.execute(
                        uri: "/otrs/index.pl?Action=Logout;ChallengeToken=\(agent.challenge ?? "")", method: .get,
                        headers: [.cookie: agent.cookie ?? ""])
                    #expect(logout.status == .ok)
                    let error = try await socket.next("Error")
                    #expect(error["Error"]?["Code"] == "NoSession")
                    #expect(socket.socket.nextFrame().closeCode == 4401)
                    // the other session's socket still works
                    try await otherSocket.send(["Type": "Command", "CommandID": "c1", "Subaction": "GetAvailability", "Params": [:]])
                    let result = try await otherSocket.next("Result")
                    #expect(result["OK"] == .bool(true))
                }
            }
        }
    }

    @Test("a session gets WebSocket::MaxConnectionsPerSession sockets at most; other sessions are not affected")
    func socketsPerSession() async throws {
        try await WebHarness.with("    $Self->{'ChatEngine::WebSocket::MaxConnectionsPerSession'} = 2;", setup: .live) {
            harness, client async throws in
            let port = try #require(client.port)
            let agent = try await WebSession.login(client, .agent, "root@localhost", harness.credentials.agentPassword)
            let other = try await WebSession.login(client, .agent, "root@localhost", harness.credentials.agentPassword)
            let query = "Interface=Agent&ChallengeToken=\(agent.challenge ?? "")"
            try await TestSocket.open(port: port, query: query, cookie: agent.cookie) { first in
                try await first.send(["Type": "Hello", "Since": [:]])
                _ = try await first.next("Snapshot")
                try await TestSocket.open(port: port, query: query, cookie: agent.cookie) { second in
                    try await second.send(["Type": "Hello", "Since": [:]])
                    _ = try await second.next("Snapshot")
                    #expect(try await TestSocket.status(port: port, query: query, cookie: agent.cookie) == 400, "a third tab")
                    let otherQuery = "Interface=Agent&ChallengeToken=\(other.challenge ?? "")"
                    #expect(try await TestSocket.status(port: port, query: otherQuery, cookie: other.cookie) == 101)
                }
            }
        }
    }

    @Test("a message over 1 MiB closes with 1009, invalid UTF-8 with 1007 (RFC 6455 7.4.1)")
    func protocolCloseCodes() async throws {
        try await WebHarness.with(setup: .live) { harness, client async throws in
            let port = try #require(client.port)
            let agent = try await WebSession.login(client, .agent, "root@localhost", harness.credentials.agentPassword)
            let query = "Interface=Agent&ChallengeToken=\(agent.challenge ?? "")"
            let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 600 * 1024)
            let cases: [(String, Int, @Sendable (RawWebSocket) -> Void)] = [
                ("two fragments of 600 KiB", 1009, { socket in
                    _ = socket.trySendFrame(opcode: 0x1, fin: false, chunk)
                    _ = socket.trySendFrame(opcode: 0x0, fin: true, chunk)
                }),
                ("invalid UTF-8", 1007, { socket in _ = socket.trySendFrame(opcode: 0x1, [0x7b, 0xff, 0xfe, 0x7d]) }),
            ]
            for (name, code, send) in cases {
                try await TestSocket.open(port: port, query: query, cookie: agent.cookie) { socket in
                    try await socket.send(["Type": "Hello", "Since": [:]])
                    _ = try await socket.next("Snapshot")
                    send(socket.socket)
                    var frame = socket.socket.nextFrame()
                    for _ in 0..<20 {
                        if case .text = frame { frame = socket.socket.nextFrame() } else { break }
                    }
                    #expect(frame.closeCode == code, "\(name): \(frame)")
                }
            }
        }
    }

    @Test("an agent with only chat_observer or chat_participant cannot open a waiting request; IDs cannot be probed")
    func waitingRequestsAreTheOwners() async throws {
        // the requests wait in a channel of group admin: rw on users opens the chat screen, and rw would imply
        // chat_owner on the channel's group (as in Znuny)
        try await WebHarness.with("    $Self->{'ChatEngine::DefaultChatChannelGroup'} = 'admin';") { harness, client async throws in
            _ = try await Flow.externalAgent(harness, client)
            let (_, chat) = try await Flow.visitorRequest(client)
            for (login, permission) in [("obi", GroupPermission.chatObserver), ("pia", .chatParticipant)] {
                let id = try await harness.addAgent(login, first: login, last: "Agent", permissions: [.rw])
                try await harness.store.link(agent: id, group: "admin", permission: permission)
                let agent = try await WebSession.login(client, .agent, login, "secret-\(login)")
                let preview = try await agent.post(client, "AgentChatPreview", "Preview", ["ChatID": chat], challenge: false)
                #expect(preview.json.errorCode == "NotInChat", "\(login): preview")
                let history = try await agent.post(client, "AgentChat", "ChatHistory", ["ChatID": chat, "After": "0"],
                    challenge: false)
                #expect(history.json.errorCode == "NotInChat", "\(login): history")
                #expect(try await agent.get(client, "Action=AgentChatPopup;ChatID=\(chat)").status == .forbidden)
                // a chat that does not exist answers the same as someone else's
                for id in [chat, "987654"] {
                    let level = try await agent.post(client, "AgentChat", "PermissionLevel", ["ChatID": id], challenge: false)
                    #expect(level.status == .forbidden && level.json.errorCode == "NotInChat", "\(login): PermissionLevel \(id)")
                }
            }
            let visitor = WebSession.visitor
            let missing = try await visitor.post(client, "PublicChat", "ChatUpdate", ["ChatID": "987654", "After": "0"])
            let foreign = try await visitor.post(client, "PublicChat", "ChatUpdate", ["ChatID": chat, "After": "0"])
            #expect(missing.status == foreign.status)
        }
    }

    @Test("a login form posted from another site is refused; from this one it works")
    func loginCSRF() async throws {
        try await WebHarness.with { harness, client async throws in
            let body = WebSession.form(["Action": "Login", "User": "root@localhost", "Password": harness.credentials.agentPassword])
            let foreign = try await client.execute(uri: "/otrs/index.pl", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .origin: "http://evil.example"],
                body: ByteBuffer(string: body))
            #expect(foreign.status == .forbidden)
            #expect(foreign.headers[.setCookie] == nil)
            // no Origin (not a browser's cross-site form): as before
            let plain = try await client.execute(uri: "/otrs/index.pl", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: body))
            #expect(plain.status == .seeOther)
        }
        // the comparison itself: scheme-less host and port against the request's authority
        func request(origin: String?) -> Request {
            var head = HTTPRequest(method: .post, scheme: "http", authority: "chat.example:8080", path: "/otrs/index.pl")
            if let origin { head.headerFields[.origin] = origin }
            return Request(head: head, body: RequestBody(buffer: ByteBuffer()))
        }
        #expect(RequestOrigin.isSame(request(origin: "http://chat.example:8080")))
        #expect(RequestOrigin.isSame(request(origin: "https://CHAT.example:8080")))
        #expect(RequestOrigin.isForeign(request(origin: "http://chat.example:9090")))
        #expect(RequestOrigin.isForeign(request(origin: "http://evil.example")))
        #expect(RequestOrigin.isForeign(request(origin: "null")))
        #expect(!RequestOrigin.isForeign(request(origin: nil)))
    }

    @Test("behind a trusted proxy, failed logins lock an account only from the address that failed; others' headers are ignored")
    func loginFailuresPerAccountAndAddress() async throws {
        let config = """
                $Self->{'ChatEngine::Login::MaxFailuresPerHour'} = 3;
                $Self->{'ChatEngine::TrustedProxies'} = '127.0.0.1 ::1';
            """
        try await WebHarness.with(config, limits: false, setup: .live) { harness, client async throws in
            func login(_ password: String, from address: String) async throws -> HTTPResponse.Status {
                try await client.execute(uri: "/otrs/index.pl", method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded", .xForwardedFor: "\(address), 127.0.0.1"],
                    body: ByteBuffer(string: WebSession.form(["Action": "Login", "User": "root@localhost", "Password": password])))
                    .status
            }
            for _ in 1...3 { #expect(try await login("wrong", from: "198.51.100.7") == .unauthorized) }
            #expect(try await login(harness.credentials.agentPassword, from: "198.51.100.7") == .tooManyRequests,
                "the attacker's address is locked out")
            #expect(try await login(harness.credentials.agentPassword, from: "203.0.113.9") == .seeOther,
                "the real user elsewhere is not")
        }
        // without a trusted proxy the header is the client's own word: ignored
        try await WebHarness.with("    $Self->{'ChatEngine::Login::MaxFailuresPerHour'} = 3;", limits: false, setup: .live) {
            harness, client async throws in
            for index in 1...4 {
                let status = try await client.execute(uri: "/otrs/index.pl", method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded", .xForwardedFor: "198.51.100.\(index)"],
                    body: ByteBuffer(string: WebSession.form(["Action": "Login", "User": "root@localhost", "Password": "wrong"])))
                    .status
                #expect(status == (index <= 3 ? .unauthorized : .tooManyRequests), "attempt \(index)")
            }
        }
        // the address a proxy names: the nearest one that is not a proxy itself
        #expect(ClientAddress.forwardedClient("203.0.113.9, 10.0.0.2, 127.0.0.1", peer: "127.0.0.1",
            trusted: ["127.0.0.1", "10.0.0.2"]) == "203.0.113.9")
        #expect(ClientAddress.forwardedClient("6.6.6.6, 203.0.113.9", peer: "127.0.0.1", trusted: ["127.0.0.1"]) == "203.0.113.9",
            "what the client wrote itself, left of its real address, is not believed")
        #expect(ClientAddress.forwardedClient(nil, peer: "127.0.0.1", trusted: ["127.0.0.1"]) == "127.0.0.1")
    }

    @Test("session cookies carry Secure when HttpType is https; HttpOnly and SameSite=Lax always")
    func secureCookies() async throws {
        for (config, secure) in [("    $Self->{'HttpType'} = 'https';", true), ("    $Self->{'HttpType'} = 'http';", false)] {
            try await WebHarness.with(config) { harness, client async throws in
                let response = try await client.execute(uri: "/otrs/index.pl", method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: WebSession.form(["Action": "Login", "User": "root@localhost",
                        "Password": harness.credentials.agentPassword])))
                let cookie = try #require(response.headers[.setCookie])
                #expect(cookie.contains("Secure") == secure, "\(config): \(cookie)")
                #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
            }
        }
    }

    @Test("closed-chat search takes % and _ literally")
    func searchWildcards() async throws {
        try await StoreHarnessFreeSearch.run()
    }

    @Test("the SQLite database and its -wal and -shm files are readable by their owner only")
    func databaseFileMode() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chatengine-mode-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("var/chatengine.sqlite").path
        let store = try await SQLStore.open(.sqlite(path: path))
        _ = try await store.addGroup("written")  // the WAL exists after a write
        for file in [path, path + "-wal", path + "-shm"] {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int)
            #expect(mode & 0o077 == 0, "\(file): \(String(mode, radix: 8))")
        }
        await store.close()
    }
}

/// A store with closed chats whose texts hold `%` and `_`.
enum StoreHarnessFreeSearch {
    static func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chatengine-search-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try await SQLStore.open(.sqlite(path: folder.appendingPathComponent("db.sqlite").path))
        let channel = try await store.addChannel(name: "Support", group: "users", comment: "")
        let agent = Person.agent(AgentID(1))
        let now = Date()
        for (index, text) in ["a discount of 100% off", "snake_case names", "plain words"].enumerated() {
            var chat = try await store.createChat(actor: .customer(CustomerUserID(Int64(index + 1))),
                kinds: [.created(channel: channel.id, target: .channel), .message(text: text, visibility: .everyone)],
                commandID: nil, now: now).chat
            chat = try await store.append(to: chat, actor: agent, kinds: [.accepted(agentNumber: 1)], commandID: nil, now: now).chat
            _ = try await store.append(to: chat, actor: agent, kinds: [.closed], commandID: nil, now: now)
        }
        #expect(try await store.closedChats(of: agent, search: "100%", limit: 50).count == 1)
        #expect(try await store.closedChats(of: agent, search: "%", limit: 50).count == 1, "only the chat with a percent sign")
        #expect(try await store.closedChats(of: agent, search: "_", limit: 50).count == 1, "only the chat with an underscore")
        #expect(try await store.closedChats(of: agent, search: "e_c", limit: 50).count == 1, "snake_case, not any one character")
        #expect(try await store.closedChats(of: agent, search: "words", limit: 50).count == 1)
        await store.close()
    }
}

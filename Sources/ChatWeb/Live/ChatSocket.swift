import ChatCore
import ChatEngine
import ChatJSON
import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOWebSocket
import Synchronization

/// `GET /otrs/ws`: one WebSocket per tab. The upgrade checks the Origin and the session's challenge token
/// (or the visitor token); then the tab says `Hello` with what it has, gets the snapshot and the catch-up,
/// and live events; its commands run through the same Actions as the HTTP Subactions.
enum ChatSocket {
    static let maxFrameBytes = 64 * 1024
    static let outboxLimit = 256
    /// Close code for a tab too slow to read its frames (it reconnects and resumes).
    static let tooSlow = WebSocketErrorCode.unknown(4008)
    /// Close code when the session ended (logout, expiry): the tab must log in again.
    static let sessionEnded = WebSocketErrorCode.unknown(4401)
    /// Close code when the server shuts down ("service restart"): the tab reconnects and resends what is unanswered.
    static let serviceRestart = WebSocketErrorCode.unknown(1012)

    /// Decides the upgrade: the caller, or a refusal.
    static func authorize(_ request: Request, context: WebContext, env: WebEnvironment) async throws -> Caller? {
        let params = FormParameters(query: request.uri.query, body: nil)
        guard let interface = Interface(rawValue: params["Interface"] ?? ""), RequestOrigin.isSame(request) else { return nil }
        let caller = try await Caller.resolve(interface, cookies: request.cookies, params: params,
            clientAddress: env.client(request, context).address, env: env)
        guard caller.person != nil else { return nil }
        if interface != .public { guard (try? caller.checkChallenge(params)) != nil else { return nil } }
        guard env.modules.isRegistered(interface.homeAction, in: interface) else { return nil }
        // one socket per tab: a session or visitor token gets `WebSocket::MaxConnectionsPerSession` at most
        if let key = caller.sessionToken ?? caller.visitorToken,
            env.hub.listenerCount(session: key) >= env.settings.maxSocketsPerSession
        { return nil }
        if let agent = caller.agent {
            let permissions = try await env.service.agentContext(agent).permissions
            guard env.modules.mayOpen(interface.homeAction, permissions: permissions) else { return nil }
        }
        return caller
    }

    /// What the upgrade request says about the tab's language: the page's `Lang` (its script adds the language
    /// its page was shown in) and the browser's `Accept-Language`. Commands and live events are answered in the
    /// language `PageLanguage.resolve` makes of these, as for every HTTP request.
    struct LanguageHints: Sendable {
        var lang: String?
        var acceptLanguage: String?

        init(lang: String? = nil, acceptLanguage: String? = nil) {
            self.lang = lang
            self.acceptLanguage = acceptLanguage
        }

        init(_ request: Request) {
            self.init(lang: FormParameters(query: request.uri.query, body: nil)["Lang"],
                acceptLanguage: request.headers[.acceptLanguage])
        }
    }

    static func run(caller: Caller, language: LanguageHints = LanguageHints(), inbound: WebSocketInboundStream,
        outbound: WebSocketOutboundWriter, env: WebEnvironment) async throws
    {
        guard let person = caller.person else { return }
        let (outbox, outboxInput) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingOldest(outboxLimit))
        let (inputs, input) = AsyncStream<Input>.makeStream(bufferingPolicy: .bufferingOldest(256))
        // commands run in order on their own, so a command waiting for its commit never holds up live events
        let (commands, command) = AsyncStream<JSON>.makeStream(bufferingPolicy: .bufferingOldest(128))
        let tooSlow = Flag()
        let ended = Flag()
        /// Why the client's side broke, when it was the protocol (too large, invalid UTF-8): handed back to the
        /// WebSocket library, which closes with the matching code (1009, 1007) instead of 1000.
        let protocolError = ErrorBox()
        let restarting = Flag()
        let overflow: @Sendable () -> Void = {
            tooSlow.set()
            outboxInput.finish()
            input.finish()
        }
        let connectionKey = caller.sessionToken ?? caller.visitorToken
        guard let listener = env.hub.listen(person, session: connectionKey, atMost: env.settings.maxSocketsPerSession,
            deliver: { signal in
            if case .shutdown = signal {
                restarting.set()
                outboxInput.finish()
                input.finish()
                command.finish()
                return true
            }
            if case .sessionEnded = signal {
                // refuse what is still queued, tell the tab, close with 4401
                ended.set()
                command.finish()
                let failure = language.failure(WebError.noSession, caller: caller, env: env)
                _ = outboxInput.yield(ChatSocket.errorFrame(failure.code, failure.message).text)
                outboxInput.finish()
                input.finish()
                return true
            }
            if case .enqueued = input.yield(.signal(signal)) { return true }
            return false
        }, overflow: overflow)
        else {
            // checked at the upgrade too; this catches upgrades that raced each other
            try? await outbound.close(.policyViolation, reason: "too many connections for this session")
            return
        }
        defer { env.hub.stop(listener) }
        env.service.presence.heartbeat(person, at: env.service.now())

        await withThrowingTaskGroup(of: SocketEnd.self) { group in
            // the only writer to the socket
            group.addTask {
                for await frame in outbox { try await outbound.writeTextMessage(frame) }
                let code: WebSocketErrorCode? = restarting.isSet ? ChatSocket.serviceRestart
                    : tooSlow.isSet ? ChatSocket.tooSlow : ended.isSet ? ChatSocket.sessionEnded : nil
                guard let code else { return .other }
                try? await outbound.close(code, reason: ChatSocket.reason(code))
                // a tab that never answers the close (frozen, half-open) must not hold the socket, nor a shutdown
                try? await Task.sleep(for: ChatSocket.closeGrace)
                return .serverClosed
            }
            let send: @Sendable (JSON) -> Void = { frame in
                if case .enqueued = outboxInput.yield(frame.text) { return }
                overflow()
            }
            group.addTask {
                var runner = CommandRunner(env: env, caller: caller, person: person, language: language, send: send)
                for await frame in commands {
                    guard !ended.isSet else { break }  // the session ended: nothing more runs
                    guard await runner.run(frame) else {
                        ended.set()
                        input.finish()
                        break
                    }
                }
                return .other
            }
            // server side: snapshot, catch-up, live events
            group.addTask {
                var session = LiveSession(env: env, caller: caller, person: person, language: language, send: send)
                for await item in inputs {
                    guard await session.handle(item) else {
                        ended.set()
                        break
                    }
                }
                outboxInput.finish()
                return .other
            }
            // client side: commands, typing, heartbeats
            group.addTask {
                do {
                    for try await message in inbound.messages(maxSize: 1 << 20) {
                        guard case .text(let text) = message else {
                            _ = input.yield(.reply(errorFrame("Malformed", "Only text frames with JSON are understood.")))
                            continue
                        }
                        guard text.utf8.count <= maxFrameBytes else {
                            _ = input.yield(.reply(errorFrame("FrameTooLarge", "Frames are limited to 64 KiB.")))
                            continue
                        }
                        guard let frame = JSON.parse(text), case .object = frame, let type = frame["Type"]?.stringValue else {
                            _ = input.yield(.reply(errorFrame("Malformed", "A frame is one JSON object with a Type.")))
                            continue
                        }
                        if type == "Command" {
                            if case .dropped = command.yield(frame) {
                                let id = frame["CommandID"] ?? .null
                                _ = input.yield(.reply(["Type": "Result", "CommandID": id, "OK": false,
                                    "Error": ["Code": "RateLimited", "Message": "Too many commands at once; send again."]]))
                            }
                            continue
                        }
                        _ = input.yield(.client(type: type, frame: frame))
                    }
                } catch is CancellationError {
                } catch {
                    // the peer went away or broke the protocol; the tab will reconnect and resume
                    protocolError.set(error)
                }
                input.finish()
                command.finish()
                return .clientGone
            }
            // the socket is done when the client went away, or when the server closed it and the grace is over
            while let end = try? await group.next() {
                if end != .other { break }
            }
            input.finish()
            command.finish()
            group.cancelAll()
        }
        if let error = protocolError.value { throw error }
    }

    /// How long a socket the server closed waits for the client's answering close.
    static let closeGrace: Duration = .seconds(2)

    enum SocketEnd: Sendable { case clientGone, serverClosed, other }

    static func reason(_ code: WebSocketErrorCode) -> String {
        switch code {
        case serviceRestart: "server restarting: reconnect and resume"
        case tooSlow: "too slow: reconnect and resume"
        default: "session ended"
        }
    }

    static func errorFrame(_ code: String, _ message: String) -> JSON {
        ["Type": "Error", "Error": ["Code": .string(code), "Message": .string(message)]]
    }

    final class ErrorBox: Sendable {
        private let error = Mutex<(any Error)?>(nil)
        func set(_ value: any Error) { error.withLock { $0 = value } }
        var value: (any Error)? { error.withLock { $0 } }
    }

    final class Flag: Sendable {
        private let value = Mutex(false)
        func set() { value.withLock { $0 = true } }
        var isSet: Bool { value.withLock { $0 } }
    }

    enum Input: Sendable {
        case signal(LiveHub.Signal)
        case client(type: String, frame: JSON)
        case reply(JSON)
    }
}

/// The commands of one WebSocket, one after the other in arrival order (a sender's messages keep their
/// order); each decoded by the same `CommandDecoder` as the HTTP Subactions and answered with a `Result`
/// carrying the same Data.
struct CommandRunner {
    let env: WebEnvironment
    let caller: Caller
    let person: Person
    let language: ChatSocket.LanguageHints
    let send: @Sendable (JSON) -> Void
    var lastSessionCheck = Date()

    init(env: WebEnvironment, caller: Caller, person: Person, language: ChatSocket.LanguageHints = .init(),
        send: @escaping @Sendable (JSON) -> Void)
    {
        self.env = env
        self.caller = caller
        self.person = person
        self.language = language
        self.send = send
    }

    /// False when the session ended (the socket then closes).
    mutating func run(_ frame: JSON) async -> Bool {
        let commandID = frame["CommandID"]?.stringValue ?? ""
        if let token = caller.sessionToken, Date().timeIntervalSince(lastSessionCheck) > 60 {
            guard (try? await env.engine.sessions.session(token)) != nil else {
                let failure = language.failure(WebError.noSession, caller: caller, env: env)
                send(["Type": "Result", "CommandID": .string(commandID), "OK": false, "Error": failure.json])
                return false
            }
            lastSessionCheck = Date()
        }
        env.service.presence.input(person, at: env.service.now())
        var values: [String: String] = [:]
        if case .object(let pairs)? = frame["Params"] {
            for (key, value) in pairs.prefix(50) { values[key] = value.stringValue }
        }
        let subaction = frame["Subaction"]?.stringValue ?? ""
        values["Subaction"] = subaction
        values["CommandID"] = commandID
        if let lang = language.lang { values["Lang"] = lang }  // the tab's language, as its page's requests carry it
        let params = FormParameters(values)
        let request = ActionRequest(env: env, caller: caller, params: params, isPost: true,
            acceptLanguage: language.acceptLanguage)
        do {
            // the tab's home Action (the challenge token was checked at the upgrade)
            let action = caller.interface.homeAction
            guard let type = ChatActions.named(action, in: caller.interface),
                let command = try CommandDecoder.decode(action: action, subaction: subaction, params, caller: caller)
            else { throw WebError.unknownSubaction(subaction) }
            let data = try await CommandGate.run(command, of: type, request)
            send(["Type": "Result", "CommandID": .string(commandID), "OK": true, "Data": data])
        } catch {
            send(["Type": "Result", "CommandID": .string(commandID), "OK": false, "Error": request.failure(error).json])
        }
        return true
    }
}

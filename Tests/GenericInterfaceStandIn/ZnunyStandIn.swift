import ChatJSON
import Foundation
import GenericInterface
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// A local stand-in for a Znuny 7's `GenericTicketConnectorREST` on 127.0.0.1. Every request is first held
/// against the shapes Znuny accepted in the captures (`RequestShapes`): one never captured is answered with the
/// error `StandIn.NeverCaptured` and recorded in `rejections`, so the client cannot drift from what Znuny
/// takes. Then the seeded Znuny (`ZnunyModel`) answers with the captured answers' fields and kinds.
final class ZnunyStandIn: Sendable {
    struct Exchange: Sendable {
        var operation: String
        var method: String
        var route: String
        var query: [(String, String)]
        var body: JSON?
        var contentType: String?
    }

    struct State: Sendable {
        var model: ZnunyModel
        var exchanges: [Exchange] = []
        var rejections: [String] = []
        /// Carry out the next call of this operation, then never answer it (the answer is "lost").
        var hangAfter: [StandInOperation: Int] = [:]
        var stopped = false
    }

    static let basePath = "/otrs/nph-genericinterface.pl"
    let state: Mutex<State>
    private let shapes = RequestShapes.fromCaptures
    private let group: Mutex<ServiceGroup?> = Mutex(nil)
    private let run: Mutex<Task<Void, any Error>?> = Mutex(nil)
    let port: Int

    private init(port: Int, state: State) {
        self.state = Mutex(state)
        self.port = port
    }

    /// Starts a stand-in on 127.0.0.1, on `port` (0: a free one).
    static func start(database: ZnunyModel.Database = .postgres, port: Int = 0) async throws -> ZnunyStandIn {
        let box = Box()
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            guard let standIn = box.standIn.withLock({ $0 }) else { return Response(status: .serviceUnavailable) }
            return try await standIn.respond(request)
        }
        let app = Application(responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "znuny-stand-in", factory: { _ in SwiftLogNoOpLogHandler() }))
        let group = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: "znuny-stand-in",
            factory: { _ in SwiftLogNoOpLogHandler() })))
        let task = Task { try await group.run() }
        var iterator = portStream.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else { throw CancellationError() }
        let standIn = ZnunyStandIn(port: port, state: State(model: ZnunyModel(database: database)))
        standIn.group.withLock { $0 = group }
        standIn.run.withLock { $0 = task }
        box.standIn.withLock { $0 = standIn }
        return standIn
    }

    private final class Box: Sendable { let standIn = Mutex<ZnunyStandIn?>(nil) }

    func stop() async {
        state.withLock { $0.stopped = true }
        if let group = group.withLock({ $0 }) { await group.triggerGracefulShutdown() }
        _ = await run.withLock({ $0 })?.result
    }

    var url: String { "http://127.0.0.1:\(port)\(Self.basePath)" }
    var exchanges: [Exchange] { state.withLock { $0.exchanges } }
    var rejections: [String] { state.withLock { $0.rejections } }
    func count(_ operation: StandInOperation) -> Int { exchanges.filter { $0.operation == operation.rawValue }.count }

    // MARK: one request

    private func respond(_ request: Request) async throws -> Response {
        let path = request.uri.path
        let query = Self.decodeQuery(request.uri.query ?? "")
        let prefix = Self.basePath + Captures.webServicePrefix
        guard path.hasPrefix(prefix) else { return Response(status: .notFound) }
        let route = String(path.dropFirst(prefix.count))
        let bytes = try await request.body.collect(upTo: 64 << 20)
        let method = request.method.rawValue
        guard let (operation, id) = StandInOperation.route(method: method, route: route) else {
            record(Exchange(operation: "?", method: method, route: route, query: query, body: nil, contentType: nil))
            return Self.text("HTTP::REST Error while determine Operation for request URI '/\(route)'.")
        }
        var body: JSON? = nil
        if bytes.readableBytes > 0 {
            guard let json = try? JSON.read(bytes.readableBytesView) else { return Self.text("Error while decoding request content.") }
            body = json
        }
        let contentType = request.headers[.contentType]
        record(Exchange(operation: operation.rawValue, method: method, route: route, query: query, body: body, contentType: contentType))
        var problems = shapes.problems(operation, query: query, body: body)
        if body != nil, contentType != "application/json; charset=utf-8" { problems.append("Content-Type \(contentType ?? "none") never captured") }
        if !problems.isEmpty {
            state.withLock { $0.rejections += problems }
            return Self.json(["Error": ["ErrorCode": "StandIn.NeverCaptured", "ErrorMessage": .string(problems.joined(separator: "; "))]])
        }
        let (answer, hang) = state.withLock { state -> (JSON, Bool) in
            let answer = StandInAnswers.answer(operation, id: id, query: query, body: body ?? [:], model: &state.model)
            guard let left = state.hangAfter[operation], left > 0 else { return (answer, false) }
            state.hangAfter[operation] = left - 1
            return (answer, true)
        }
        if hang {
            // the work is done; the answer never comes (until the stand-in stops)
            while !state.withLock({ $0.stopped }) { try? await Task.sleep(for: .milliseconds(50)) }
        }
        return Self.json(answer)
    }

    private func record(_ exchange: Exchange) { state.withLock { $0.exchanges.append(exchange) } }

    private static func json(_ value: JSON) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=UTF-8"], body: .init(byteBuffer: ByteBuffer(bytes: value.utf8)))
    }

    /// Znuny's routing and decoding failures: HTTP 500, text.
    private static func text(_ message: String) -> Response {
        Response(status: .internalServerError, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: message)))
    }

    /// `a=1&b=x+y%2A` as a CGI reads it.
    static func decodeQuery(_ query: String) -> [(String, String)] {
        query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}

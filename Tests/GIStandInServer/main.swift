// The replaying Znuny 7 GenericInterface stand-in (`GenericInterfaceStandIn`) as a process, for the browser
// journeys: `gi-stand-in-server [--port N] [--database postgres|mariadb]` serves it on 127.0.0.1 (port 0 or
// none: a free one) and prints one JSON line on stdout when ready: {"url", "port", "inspect"}. `inspect` is a
// second loopback port whose `GET /__recorded` says what the stand-in wrote (tickets with their articles) and
// which requests its gate refused as never captured. It runs until SIGTERM or SIGINT.
@testable import GenericInterfaceStandIn
import ChatJSON
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

struct Arguments {
    var port = 0
    var database: ZnunyModel.Database = .postgres

    static func parse(_ words: [String]) throws(UsageError) -> Arguments {
        var parsed = Arguments()
        var rest = words[...]
        while let word = rest.popFirst() {
            switch word {
            case "--port":
                guard let text = rest.popFirst(), let port = Int(text), (0...65535).contains(port) else {
                    throw UsageError("--port takes a port number 0…65535 (0: a free port)")
                }
                parsed.port = port
            case "--database":
                switch rest.popFirst() {
                case "postgres": parsed.database = .postgres
                case "mariadb": parsed.database = .mariadb
                default: throw UsageError("--database takes postgres or mariadb (the fixture whose seed.json the stand-in models)")
                }
            default: throw UsageError("unknown argument \(word); usage: gi-stand-in-server [--port N] [--database postgres|mariadb]")
            }
        }
        return parsed
    }
}

struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `GET /__recorded`: the stand-in's tickets, articles and refusals as JSON.
enum Recorded {
    static func json(_ standIn: ZnunyStandIn) -> JSON {
        let (tickets, rejections, exchanges) = standIn.state.withLock { ($0.model.tickets, $0.rejections, $0.exchanges) }
        var calls: [String: Int] = [:]
        for exchange in exchanges { calls[exchange.operation, default: 0] += 1 }
        return [
            "tickets": .array(tickets.map { ticket in [
                "id": .int(ticket.id), "number": .string(ticket.number), "title": .string(ticket.title),
                "queue": .string(ticket.queue), "state": .string(ticket.state), "priority": .string(ticket.priority),
                "customerUser": .string(ticket.customerUser), "customerID": .string(ticket.customerID),
                "owner": .string(ticket.owner),
                "articles": .array(ticket.articles.map { article in [
                    "id": .int(article.id), "channel": .string(article.channel),
                    "senderType": .string(article.senderType), "isVisibleForCustomer": .bool(article.isVisibleForCustomer),
                    "from": .string(article.from), "subject": .string(article.subject), "body": .string(article.body),
                    "contentType": .string(article.contentType),
                    "files": .array(article.files.map { .string($0.filename) }),
                ] }),
            ] }),
            "rejections": .array(rejections.map { .string($0) }),
            "calls": .object(calls.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) }),
        ]
    }
}

func serve() async throws {
    let arguments: Arguments
    do {
        arguments = try Arguments.parse(Array(CommandLine.arguments.dropFirst()))
    } catch {
        FileHandle.standardError.write(Data("gi-stand-in-server: \(error.description)\n".utf8))
        exit(64)
    }
    let standIn = try await ZnunyStandIn.start(database: arguments.database, port: arguments.port)
    let quiet = Logger(label: "gi-stand-in-inspect", factory: { _ in SwiftLogNoOpLogHandler() })
    let router = Router()
    router.get("/__recorded") { _, _ -> Response in
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: Recorded.json(standIn).utf8)))
    }
    let (inspectPorts, inspectPort) = AsyncStream.makeStream(of: Int.self)
    let inspection = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in inspectPort.yield(channel.localAddress?.port ?? 0) }, logger: quiet)
    let services = ServiceGroup(configuration: .init(services: [inspection], gracefulShutdownSignals: [.sigterm, .sigint],
        logger: quiet))
    let running = Task { try await services.run() }
    var ports = inspectPorts.makeAsyncIterator()
    guard let inspect = await ports.next(), inspect > 0 else {
        FileHandle.standardError.write(Data("gi-stand-in-server: the inspection port did not open\n".utf8))
        exit(1)
    }
    let ready: JSON = ["url": .string(standIn.url), "port": .int(Int64(standIn.port)),
        "inspect": .string("http://127.0.0.1:\(inspect)/__recorded")]
    FileHandle.standardOutput.write(Data((ready.text + "\n").utf8))
    _ = await running.result
    await standIn.stop()
}

try await serve()

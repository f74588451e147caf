@testable import GenericInterfaceStandIn
import AsyncHTTPClient
import ChatJSON
import Foundation
import NIOCore
import Testing

@testable import GenericInterface

/// The stand-in itself, held against Znuny: each captured request is sent again, in the captured order, and the
/// stand-in must answer as Znuny did (status, error code and message, the answer's fields and JSON kinds, the
/// IDs, titles, bodies and files). Customer sessions, SessionGet and TicketHistoryGet are not modelled.
@Suite("Znuny stand-in replays the captures")
struct ReplayTests {
    @Test("every modelled capture of the live Znuny 7 gets Znuny's answer again", arguments: [ZnunyModel.Database.postgres, .mariadb])
    func replay(database: ZnunyModel.Database) async throws {
        let file = database == .postgres ? "otrs/znuny7-live/gi-captures.json" : "otrs/znuny7-live-mysql/gi-captures.json"
        let compared = try await Self.replay([file], database: database)
        #expect(compared[file, default: 0] >= (database == .postgres ? 40 : 45))
    }

    /// Our live capture of owner and author (`captures/znuny7-owner-author.json`) was taken right after the
    /// fixture's captures on the same Znuny, so it replays after them: the same tickets, articles, owners, locks
    /// and article authors (From) as Znuny gave, Znuny's refusals of an invalid owner and of a From without an
    /// address included.
    @Test("the live capture of Ticket.Owner, Ticket.Lock and Article.From gets Znuny's answer again")
    func replayOwnerAndAuthor() async throws {
        let compared = try await Self.replay(["otrs/znuny7-live/gi-captures.json", Captures.ownerAndAuthor], database: .postgres,
            moreKeys: ["From", "Lock", "Responsible"])
        // all but TicketHistoryGet
        #expect(compared[Captures.ownerAndAuthor] == 26)
    }

    /// Sends the captures of `files` in order to one stand-in and compares each answer with Znuny's; the number
    /// compared per file.
    static func replay(_ files: [String], database: ZnunyModel.Database, moreKeys: Set<String> = []) async throws -> [String: Int] {
        let standIn = try await ZnunyStandIn.start(database: database)
        var sessions: [(captured: String, ours: String)] = []
        var customerSessions: Set<String> = []
        var compared: [String: Int] = [:]
        func swapCase(_ text: String) -> String {
            String(text.map { $0.isUppercase ? Character($0.lowercased()) : Character($0.uppercased()) })
        }
        func ours(_ id: String) -> String {
            for (captured, ours) in sessions {
                if captured == id { return ours }
                if captured.lowercased() == id { return ours.lowercased() }
                if swapCase(captured) == id { return swapCase(ours) }
            }
            return id
        }
        for file in files {
        for capture in Captures.all where capture.file == file {
            let session = capture.body?["SessionID"]?.stringValue ?? capture.query.first { $0.0 == "SessionID" }?.1
            if capture.body?["CustomerUserLogin"] != nil {
                if let id = capture.answer?["SessionID"]?.stringValue { customerSessions.insert(id) }
                continue
            }
            if let session, customerSessions.contains(session) { continue }
            if capture.route.hasPrefix("Session/") || capture.route.hasPrefix("TicketHistory/") { continue }
            if capture.name.contains("expired SessionID"), let session { standIn.state.withLock { $0.model.expireSessions(ours(session)) } }

            var request = HTTPClientRequest(url: standIn.url + Captures.webServicePrefix + capture.route
                + (capture.query.isEmpty ? "" : "?" + capture.query.map { "\($0.0)=\(GenericInterfaceClient.escape($0.0 == "SessionID" ? ours($0.1) : $0.1))" }
                    .joined(separator: "&")))
            request.method = .init(rawValue: capture.method)
            request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            if case .object(let pairs)? = capture.body {
                let body = JSON.object(pairs.map { $0.0 == "SessionID" ? ($0.0, .string(ours($0.1.stringValue ?? ""))) : $0 })
                request.body = .bytes(ByteBuffer(bytes: body.utf8))
            } else if let text = capture.bodyText {
                request.body = .bytes(ByteBuffer(string: text))
            }
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            let bytes = try await response.body.collect(upTo: 16 << 20)
            #expect(Int(response.status.code) == capture.status, "\(capture.name)")
            if let text = capture.answerText {
                #expect(String(buffer: bytes) == text, "\(capture.name)")
                compared[file, default: 0] += 1
                continue
            }
            let answer = try JSON.read(bytes.readableBytesView)
            let expected = try #require(capture.answer)
            if capture.errorCode != nil {
                #expect(answer["Error"] == expected["Error"], "\(capture.name): \(answer.text)")
            } else {
                #expect(Self.shape(answer) == Self.shape(expected), "\(capture.name): \(answer.text)")
                #expect(Self.values(answer, moreKeys: moreKeys) == Self.values(expected, moreKeys: moreKeys), "\(capture.name)")
                if let id = expected["SessionID"]?.stringValue, let mine = answer["SessionID"]?.stringValue { sessions.append((id, mine)) }
            }
            compared[file, default: 0] += 1
        }
        }
        #expect(standIn.rejections == [])
        await standIn.stop()
        return compared
    }

    /// Field names and JSON kinds, recursively (the values that differ from run to run left out).
    static func shape(_ value: JSON) -> JSON {
        switch value {
        case .object(let pairs): .object(pairs.map { ($0.0, shape($0.1)) })
        case .array(let items): .array(items.map(shape))
        default: .string(RequestShapes.kind(value))
        }
    }

    /// The values that must be Znuny's: IDs, titles, queues, states, customers, owners, subjects, bodies, files.
    static func values(_ value: JSON, moreKeys: Set<String> = []) -> [String] {
        let keys: Set<String> = moreKeys.union(["TicketID", "ArticleID", "Title", "Queue", "State", "Priority", "CustomerUserID", "CustomerID", "Owner",
            "Subject", "Body", "SenderType", "IsVisibleForCustomer", "CommunicationChannelID", "Content", "Filename", "FilesizeRaw",
            "ContentType", "Charset"])
        switch value {
        case .object(let pairs):
            return pairs.flatMap { key, inner -> [String] in
                if case .object = inner { return values(inner, moreKeys: moreKeys) }
                if case .array = inner { return values(inner, moreKeys: moreKeys) }
                return keys.contains(key) ? ["\(key)=\(inner.text)"] : []
            }
        case .array(let items): return items.flatMap { values($0, moreKeys: moreKeys) }
        default: return []
        }
    }
}

import ChatJSON
import Foundation

/// One request/answer pair a live Znuny 7 gave (`fixtures/otrs/…/gi-captures.json`, `captures/znuny7-gi-rest.json`).
struct CapturedExchange: Sendable {
    let file: String
    let name: String
    let method: String
    /// The path below `Webservice/GenericTicketConnectorREST/`, without the query: `Ticket/2`.
    let route: String
    /// Query parameters, decoded, in the order captured.
    let query: [(String, String)]
    /// The request body, when it was JSON.
    let body: JSON?
    /// The request body when it was not JSON (the malformed-JSON capture).
    let bodyText: String?
    let status: Int
    let answer: JSON?
    let answerText: String?

    var errorCode: String? { answer?["Error"]?["ErrorCode"]?.stringValue }
}

/// The three capture files, read from the fixtures (`../shared/fixtures`, or `CHATENGINE_FIXTURES`).
enum Captures {
    static let fixtures: URL = {
        if let custom = ProcessInfo.processInfo.environment["CHATENGINE_FIXTURES"] { return URL(fileURLWithPath: custom) }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    }()

    static let files = ["otrs/captures/znuny7-gi-rest.json", "otrs/znuny7-live/gi-captures.json",
        "otrs/znuny7-live-mysql/gi-captures.json", ownerAndAuthor]

    /// Our own live capture (kept in the repo, `captures/znuny7-owner-author.py` made it): `Ticket.Owner`,
    /// `Ticket.Lock`, `Article.From` on TicketCreate and TicketUpdate, against the fixture's Znuny 7 on PostgreSQL,
    /// right after its `rebuild.sh` (so it continues `znuny7-live/gi-captures.json`: ticket 4 is the first).
    static let ownerAndAuthor = "captures/znuny7-owner-author.json"

    static func url(of file: String) -> URL {
        file == ownerAndAuthor
            ? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(file)
            : fixtures.appendingPathComponent(file)
    }

    static let webServicePrefix = "/Webservice/GenericTicketConnectorREST/"

    /// Every capture whose request was recorded whole (the hand-made file elides some with "...").
    static let all: [CapturedExchange] = read().exchanges

    /// Every captured error (code, message), also of the captures recorded without their request.
    static let errors: [(code: String, message: String)] = read().errors

    private static func read() -> (exchanges: [CapturedExchange], errors: [(code: String, message: String)]) {
        var result: [CapturedExchange] = []
        var errors: [(code: String, message: String)] = []
        for file in files {
            let text = (try? String(contentsOf: url(of: file), encoding: .utf8)) ?? ""
            guard let document = JSON.parse(text), let items = document["captures"], case .array(let captures) = items else {
                fatalError("cannot read the captures \(url(of: file).path)")
            }
            for capture in captures {
                if let error = capture["response"]?["body"]?["Error"], let code = error["ErrorCode"]?.stringValue {
                    errors.append((code, error["ErrorMessage"]?.stringValue ?? ""))
                }
                guard let request = capture["request"], let method = request["method"]?.stringValue,
                    let path = request["path"]?.stringValue, let range = path.range(of: webServicePrefix)
                else { continue }
                if let body = request["body"], body.text.contains("\"...\"") { continue }
                let pathAndQuery = path[range.upperBound...]
                let route = String(pathAndQuery.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
                var query: [(String, String)] = []
                if case .object(let pairs)? = request["query"] {
                    query = pairs.map { ($0.0, $0.1.stringValue ?? "") }
                }
                let body: JSON? = if case .object? = request["body"] { request["body"] } else { nil }
                let response = capture["response"]
                result.append(CapturedExchange(file: file, name: capture["name"]?.stringValue ?? "", method: method,
                    route: route, query: query, body: body, bodyText: request["body_text"]?.stringValue, status: Int(response?["status"]?.intValue ?? 0),
                    answer: response?["body"].flatMap { if case .object = $0 { $0 } else { nil } },
                    answerText: response?["body_text"]?.stringValue))
            }
        }
        return (result, errors)
    }

    /// The capture with this name in the PostgreSQL file (the templates for the stand-in's answers).
    static func named(_ name: String, file: String = "otrs/znuny7-live/gi-captures.json") -> CapturedExchange {
        guard let found = all.first(where: { $0.file == file && $0.name == name }) else { fatalError("no capture '\(name)'") }
        return found
    }

    /// The details after `<Operation>: ` that Znuny gave for this kind of error (`.AuthFail`, …) in any operation.
    static func details(for code: String) -> Set<String> {
        let kind = code.split(separator: ".").dropFirst().joined(separator: ".")
        return Set(errors.compactMap { captured, message -> String? in
            guard captured.split(separator: ".").dropFirst().joined(separator: ".") == kind, let colon = message.range(of: ": ") else { return nil }
            return String(message[colon.upperBound...])
        })
    }

    /// Znuny's message for an error code, as captured (nil when that code was never captured).
    static func message(for code: String) -> String? {
        errors.first { $0.code == code }?.message
    }
}

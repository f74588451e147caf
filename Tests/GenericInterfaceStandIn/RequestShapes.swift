import ChatJSON

/// The request shapes Znuny accepted, learnt from the captures: per operation, the sets of top-level fields,
/// of query parameters, of fields in each part (`Ticket`, `Article`, each `Attachment`), the JSON kind of every
/// field, and the values of the fields whose values are a closed list (channel, sender type, visibility, body
/// type, history type, the ticket's lock, the TicketGet switches). A request passes only when each of these was captured; a
/// capture counts when Znuny got past reading its parameters: a success, or `AccessDenied` (which Znuny
/// decides after the parameters), never `MissingParameter`, `InvalidParameter` or `AuthFail`. Besides, a request
/// whose whole shape equals a captured request's (whatever Znuny answered) passes, so a captured error replays.
struct RequestShapes: Sendable {
    private var whole: Set<String> = []
    private var topLevel: [StandInOperation: Set<Set<String>>] = [:]
    private var queries: [StandInOperation: Set<Set<String>>] = [:]
    private var parts: [StandInOperation: [String: Set<Set<String>>]] = [:]
    private var kinds: [StandInOperation: [String: Set<String>]] = [:]
    private var values: [StandInOperation: [String: Set<String>]] = [:]

    static let closedLists: Set<String> = ["Article.CommunicationChannel", "Article.SenderType", "Article.IsVisibleForCustomer",
        "Article.ContentType", "Article.MimeType", "Article.Charset", "Article.HistoryType", "Ticket.Lock", "?AllArticles", "?Attachments"]

    static let fromCaptures = RequestShapes(Captures.all)

    init(_ captures: [CapturedExchange]) {
        for capture in captures {
            if let (operation, _) = StandInOperation.route(method: capture.method, route: capture.route) {
                whole.insert(Self.wholeShape(operation, query: capture.query, body: capture.body))
            }
        }
        for capture in captures where capture.status == 200 {
            guard capture.errorCode == nil || capture.errorCode!.hasSuffix(".AccessDenied"),
                let (operation, _) = StandInOperation.route(method: capture.method, route: capture.route)
            else { continue }
            learn(operation, query: capture.query, body: capture.body)
        }
    }

    private mutating func learn(_ operation: StandInOperation, query: [(String, String)], body: JSON?) {
        queries[operation, default: []].insert(Set(query.map(\.0)))
        for (name, value) in query where Self.closedLists.contains("?" + name) { values[operation, default: [:]]["?" + name, default: []].insert(value) }
        guard case .object(let pairs)? = body else {
            topLevel[operation, default: []].insert([])
            return
        }
        topLevel[operation, default: []].insert(Set(pairs.map(\.0)))
        for (key, value) in pairs { learnField(operation, path: key, value) }
    }

    private mutating func learnField(_ operation: StandInOperation, path: String, _ value: JSON) {
        kinds[operation, default: [:]][path, default: []].insert(Self.kind(value))
        switch value {
        case .object(let pairs):
            parts[operation, default: [:]][path, default: []].insert(Set(pairs.map(\.0)))
            for (key, inner) in pairs { learnField(operation, path: "\(path).\(key)", inner) }
        case .array(let items):
            for item in items { learnField(operation, path: "\(path)[]", item) }
        default:
            if Self.closedLists.contains(path), let text = value.stringValue { values[operation, default: [:]][path, default: []].insert(text) }
        }
    }

    static func kind(_ value: JSON) -> String {
        switch value {
        case .null: "null"
        case .bool: "bool"
        case .int, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The request's fields, their kinds and the closed-list values, as one text.
    static func wholeShape(_ operation: StandInOperation, query: [(String, String)], body: JSON?) -> String {
        func shape(_ path: String, _ value: JSON) -> String {
            switch value {
            case .object(let pairs): return "{" + pairs.sorted { $0.0 < $1.0 }.map { "\($0.0):\(shape("\(path).\($0.0)", $0.1))" }.joined(separator: ",") + "}"
            case .array(let items): return "[" + items.map { shape("\(path)[]", $0) }.joined(separator: ",") + "]"
            default:
                let key = path.hasPrefix(".") ? String(path.dropFirst()) : path
                return kind(value) + (closedLists.contains(key) ? "=\(value.stringValue ?? "")" : "")
            }
        }
        let names = query.map { closedLists.contains("?" + $0.0) ? "\($0.0)=\($0.1)" : $0.0 }.sorted()
        return "\(operation.rawValue)?\(names.joined(separator: "&")) \(body.map { shape("", $0) } ?? "-")"
    }

    /// What in the request was never captured (empty: the shape is a captured one).
    func problems(_ operation: StandInOperation, query: [(String, String)], body: JSON?) -> [String] {
        if whole.contains(Self.wholeShape(operation, query: query, body: body)) { return [] }
        var problems: [String] = []
        let queryNames = Set(query.map(\.0))
        if !(queries[operation]?.contains(queryNames) ?? false) {
            problems.append("\(operation.rawValue): query parameters \(queryNames.sorted()) never captured")
        }
        for (name, value) in query where Self.closedLists.contains("?" + name) {
            if !(values[operation]?["?" + name]?.contains(value) ?? false) { problems.append("\(operation.rawValue): \(name)=\(value) never captured") }
        }
        let pairs: [(String, JSON)]
        switch body {
        case nil: pairs = []
        case .object(let items)?: pairs = items
        case let other?: return problems + ["\(operation.rawValue): a body that is a JSON \(Self.kind(other))"]
        }
        let names = Set(pairs.map(\.0))
        if !(topLevel[operation]?.contains(names) ?? false) {
            problems.append("\(operation.rawValue): top-level fields \(names.sorted()) never captured together")
        }
        for (key, value) in pairs { check(operation, path: key, value, into: &problems) }
        return problems
    }

    private func check(_ operation: StandInOperation, path: String, _ value: JSON, into problems: inout [String]) {
        let kind = Self.kind(value)
        guard kinds[operation]?[path]?.contains(kind) ?? false else {
            problems.append("\(operation.rawValue): \(path) as a JSON \(kind) never captured")
            return
        }
        switch value {
        case .object(let pairs):
            let names = Set(pairs.map(\.0))
            if !(parts[operation]?[path]?.contains(names) ?? false) {
                problems.append("\(operation.rawValue): \(path) with fields \(names.sorted()) never captured")
            }
            for (key, inner) in pairs { check(operation, path: "\(path).\(key)", inner, into: &problems) }
        case .array(let items):
            for item in items { check(operation, path: "\(path)[]", item, into: &problems) }
        default:
            if Self.closedLists.contains(path), let text = value.stringValue,
                !(values[operation]?[path]?.contains(text) ?? false)
            {
                problems.append("\(operation.rawValue): \(path) = \(text) never captured")
            }
        }
    }
}

import ChatJSON
import Foundation

/// The seeded Znuny's answers, operation by operation, in the shapes the captures show.
enum StandInAnswers {
    static func answer(_ operation: StandInOperation, id: String?, query: [(String, String)], body: JSON,
        model: inout ZnunyModel) -> JSON
    {
        switch operation {
        case .sessionCreate: return sessionCreate(body, model: &model)
        case .ticketCreate: return ticketCreate(body, model: &model)
        case .ticketUpdate: return ticketUpdate(id ?? "", body, model: &model)
        case .ticketSearch: return ticketSearch(query, model: model)
        case .ticketGet: return ticketGet(id ?? "", query, model: model)
        case .sessionGet, .ticketHistoryGet: return error("StandIn.NotModelled", "\(operation.rawValue) is not modelled")
        }
    }

    /// `{"Error":{…}}` as Znuny gives it: `<Operation>: <detail>`, the detail as captured for this kind of error
    /// (in any operation); a detail never captured is marked so, and without one the captured message is taken.
    static func error(_ code: String, _ detail: String? = nil) -> JSON {
        let operation = code.split(separator: ".").first.map(String.init) ?? code
        let message: String
        if let detail {
            message = Captures.details(for: code).contains(detail) ? "\(operation): \(detail)" : "(never captured) \(operation): \(detail)"
        } else {
            message = Captures.message(for: code) ?? "(never captured) \(code)"
        }
        return ["Error": ["ErrorCode": .string(code), "ErrorMessage": .string(message)]]
    }

    private static func query(_ query: [(String, String)], _ name: String) -> String? { query.last { $0.0 == name }?.1 }

    /// SessionID (body or query), or UserLogin and Password as the first capture file sends them.
    private static func agent(_ operation: StandInOperation, _ body: JSON, _ query: [(String, String)], model: ZnunyModel)
        -> Result<ZnunyModel.Agent, JSONFailure>
    {
        let op = operation.rawValue
        if let session = body["SessionID"]?.stringValue ?? Self.query(query, "SessionID") {
            guard let agent = model.sessionAgent(session) else { return .failure(JSONFailure(error("\(op).AuthFail", "Authorization failing!"))) }
            return .success(agent)
        }
        if let login = body["UserLogin"]?.stringValue, let password = body["Password"]?.stringValue {
            guard let agent = model.agent(login), agent.accepts(password) else {
                return .failure(JSONFailure(error("\(op).AuthFail", "User could not be authenticated!")))
            }
            return .success(agent)
        }
        return .failure(JSONFailure(error("\(op).MissingParameter", "UserLogin, CustomerUserLogin or SessionID is required!")))
    }

    struct JSONFailure: Error { let answer: JSON; init(_ answer: JSON) { self.answer = answer } }

    // MARK: operations

    private static func sessionCreate(_ body: JSON, model: inout ZnunyModel) -> JSON {
        guard let login = body["UserLogin"]?.stringValue else { return error("StandIn.NotModelled", "customer sessions are not modelled") }
        guard let password = body["Password"]?.stringValue else { return error("SessionCreate.MissingParameter", "Password parameter is missing!") }
        guard let agent = model.agent(login), agent.accepts(password) else { return error("SessionCreate.AuthFail", "Authorization failing!") }
        return ["SessionID": .string(model.createSession(login: agent.login))]
    }

    static let states = ["new": "new", "open": "open", "closed successful": "closed", "closed unsuccessful": "closed",
        "pending reminder": "pending reminder", "pending auto close+": "pending auto", "pending auto close-": "pending auto"]
    static let priorities = ["1 very low", "2 low", "3 normal", "4 high", "5 very high"]

    /// The article checks TicketCreate and TicketUpdate share, in Znuny's order.
    private static func articleProblem(_ op: String, _ article: JSON, _ attachments: JSON?) -> JSON? {
        guard case .object = article else { return error("\(op).MissingParameter", "Article parameter is missing or not valid!") }
        guard let body = article["Body"]?.stringValue, !body.isEmpty else { return error("\(op).MissingParameter", "Article->Body parameter is missing!") }
        guard article["ContentType"] != nil || (article["MimeType"] != nil && article["Charset"] != nil) else {
            return error("\(op).MissingParameter", "Article->ContentType or Ticket->MimeType and Article->Charset parameters are required!")
        }
        guard ["Email", "Phone", "Internal"].contains(article["CommunicationChannel"]?.stringValue ?? "") else {
            return error("\(op).InvalidParameter", "Article->CommunicationChannel or Article->CommunicationChannelID parameter is invalid or not supported!")
        }
        for file in attachments?.giList ?? [] {
            guard let name = file["Filename"]?.stringValue, !name.isEmpty else { return error("\(op).MissingParameter", "Attachment->Filename  parameter is missing!") }
            guard Data(base64Encoded: file["Content"]?.stringValue ?? "") != nil else { return error("\(op).InvalidParameter", "Attachment->Content is not base64") }
        }
        return nil
    }

    private static func write(_ ticket: ZnunyModel.Ticket, _ article: ZnunyModel.Article) -> JSON {
        // captured: a customer's article's ID as a string, an agent's as a number (whatever the channel); the
        // TicketID a string
        ["ArticleID": article.senderType == "customer" ? .string(String(article.id)) : .int(article.id),
         "TicketID": .string(String(ticket.id)), "TicketNumber": .string(ticket.number)]
    }

    private static func ticketCreate(_ body: JSON, model: inout ZnunyModel) -> JSON {
        let agent: ZnunyModel.Agent
        switch Self.agent(.ticketCreate, body, [], model: model) {
        case .success(let found): agent = found
        case .failure(let failure): return failure.answer
        }
        let ticket = body["Ticket"] ?? [:]
        guard let title = ticket["Title"]?.stringValue, !title.isEmpty else {
            return error("TicketCreate.MissingParameter", "Ticket->Title parameter is missing!")
        }
        guard let customer = ticket["CustomerUser"]?.stringValue, !customer.isEmpty else {
            return error("TicketCreate.MissingParameter", "Ticket->CustomerUser parameter is missing!")
        }
        guard let article = body["Article"] else { return error("TicketCreate.MissingParameter", "Article parameter is missing or not valid!") }
        if let problem = articleProblem("TicketCreate", article, body["Attachment"]) { return problem }
        guard let group = model.group(ofQueue: ticket["Queue"]?.stringValue ?? "") else {
            return error("TicketCreate.InvalidParameter", "Ticket->QueueID or Ticket->Queue parameter is invalid!")
        }
        let known = model.customers.first { $0.login == customer }
        guard known?.valid ?? customer.contains("@") else { return error("TicketCreate.InvalidParameter", "Ticket->CustomerUser parameter is invalid!") }
        guard states[ticket["State"]?.stringValue ?? ""] != nil else { return error("TicketCreate.InvalidParameter", "Ticket->State parameter is invalid!") }
        guard priorities.contains(ticket["Priority"]?.stringValue ?? "") else {
            return error("TicketCreate.InvalidParameter", "Ticket->Priority parameter is invalid!")
        }
        if let lock = ticket["Lock"], !["lock", "unlock", "tmp_lock"].contains(lock.stringValue ?? "") {
            return error("TicketCreate.InvalidParameter", "Ticket->LockID or Ticket->Lock parameter is invalid!")
        }
        // Common.pm ValidateOwner: a valid agent, whatever their rights on the queue's group (captured)
        if let owner = ticket["Owner"], !(model.agent(owner.stringValue ?? "")?.valid ?? false) {
            return error("TicketCreate.InvalidParameter", "Ticket->OwnerID or Ticket->Owner parameter is invalid!")
        }
        if let responsible = ticket["Responsible"], !(model.agent(responsible.stringValue ?? "")?.valid ?? false) {
            return error("TicketCreate.InvalidParameter", "Ticket->ResponsibleID or Ticket->Responsible parameter is invalid!")
        }
        if let from = article["From"], !validFrom(from.stringValue ?? "") {
            return error("TicketCreate.InvalidParameter", "Article->From parameter is invalid!")
        }
        guard agent.has("create", on: group) else { return error("TicketCreate.AccessDenied", "Can not create tickets in given Queue or QueueID!") }
        let created = model.addTicket(ticket, by: agent)
        let written = model.addArticle(article, files: body["Attachment"]?.giList ?? [], to: created.id, by: agent, creating: true)
        return write(created, written)
    }

    private static func ticketUpdate(_ id: String, _ body: JSON, model: inout ZnunyModel) -> JSON {
        let agent: ZnunyModel.Agent
        switch Self.agent(.ticketUpdate, body, [], model: model) {
        case .success(let found): agent = found
        case .failure(let failure): return failure.answer
        }
        guard let ticketID = Int64(id), let index = model.tickets.firstIndex(where: { $0.id == ticketID }),
            let group = model.group(ofQueue: model.tickets[index].queue), agent.has("rw", on: group)
        else { return error("TicketUpdate.AccessDenied", "User does not have access to the ticket!") }
        if let state = body["Ticket"]?["State"]?.stringValue {
            guard states[state] != nil else { return error("TicketUpdate.InvalidParameter", "Ticket->State parameter is invalid!") }
            model.tickets[index].state = state
        }
        guard let article = body["Article"] else { return error("StandIn.NotModelled", "a TicketUpdate without an article") }
        if let problem = articleProblem("TicketUpdate", article, body["Attachment"]) { return problem }
        if let from = article["From"], !validFrom(from.stringValue ?? "") {
            return error("TicketUpdate.InvalidParameter", "Article->From parameter is invalid!")
        }
        let written = model.addArticle(article, files: body["Attachment"]?.giList ?? [], to: ticketID, by: agent)
        return write(model.tickets[index], written)
    }

    /// Common.pm ValidateFrom: the first address Mail::Address reads in the text must be an e-mail address
    /// (captured: "Rita Writer" is refused, "Rita Writer <rw@…>" and "\"Writer, Rita\" <rw@…>" pass).
    static func validFrom(_ text: String) -> Bool {
        var parts: [String] = [""]
        var quoted = false
        for character in text {
            if character == "\"" { quoted.toggle(); continue }
            if character == ",", !quoted { parts.append(""); continue }
            if !quoted { parts[parts.count - 1].append(character) }
        }
        guard let first = parts.map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: { !$0.isEmpty }) else { return true }
        let address: Substring
        if let open = first.lastIndex(of: "<"), let close = first.lastIndex(of: ">"), open < close {
            address = first[first.index(after: open)..<close]
        } else {
            address = first.split(separator: " ").first ?? ""
        }
        let halves = address.split(separator: "@", omittingEmptySubsequences: false)
        return halves.count == 2 && !halves[0].isEmpty && halves[1].contains(".") && !halves[1].hasSuffix(".")
            && !address.contains(where: \.isWhitespace)
    }

    private static func visible(_ ticket: ZnunyModel.Ticket, to agent: ZnunyModel.Agent, model: ZnunyModel) -> Bool {
        model.group(ofQueue: ticket.queue).map { agent.has("ro", on: $0) } ?? false
    }

    private static func ticketSearch(_ query: [(String, String)], model: ZnunyModel) -> JSON {
        let agent: ZnunyModel.Agent
        switch Self.agent(.ticketSearch, [:], query, model: model) {
        case .success(let found): agent = found
        case .failure(let failure): return failure.answer
        }
        var hits = model.tickets.filter { visible($0, to: agent, model: model) }
        if let title = Self.query(query, "Title") { hits = hits.filter { like($0.title, model.stored(title)) } }
        if let number = Self.query(query, "TicketNumber") { hits = hits.filter { $0.number == number } }
        if let customer = Self.query(query, "CustomerUserLogin") { hits = hits.filter { $0.customerUser == customer } }
        // the order of equal sort keys differs between the databases: never rely on it
        let ids = hits.map(\.id).sorted(by: model.database == .postgres ? (<) : (>))
        return ids.isEmpty ? [:] : ["TicketID": .array(ids.map { .string(String($0)) })]
    }

    /// Znuny's title search: `*` is any text, otherwise the whole title; no regard to case.
    static func like(_ text: String, _ pattern: String) -> Bool {
        let pieces = pattern.lowercased().components(separatedBy: "*")
        var rest = Substring(text.lowercased())
        for (index, piece) in pieces.enumerated() {
            if index == 0 {
                guard rest.hasPrefix(piece) else { return false }
                rest = rest.dropFirst(piece.count)
            } else if index == pieces.count - 1 {
                return piece.isEmpty || rest.hasSuffix(piece)
            } else {
                guard let range = rest.range(of: piece) else { return false }
                rest = rest[range.upperBound...]
            }
        }
        return rest.isEmpty
    }

    private static func ticketGet(_ id: String, _ query: [(String, String)], model: ZnunyModel) -> JSON {
        let agent: ZnunyModel.Agent
        switch Self.agent(.ticketGet, [:], query, model: model) {
        case .success(let found): agent = found
        case .failure(let failure): return failure.answer
        }
        guard let ticketID = Int64(id), let ticket = model.tickets.first(where: { $0.id == ticketID }),
            visible(ticket, to: agent, model: model)
        else { return error("TicketGet.AccessDenied", "User does not have access to the ticket!") }
        return ["Ticket": [StandInTemplates.ticket(ticket, model: model, articles: Self.query(query, "AllArticles") == "1",
            attachments: Self.query(query, "Attachments") == "1")]]
    }
}

import ChatJSON

extension GenericInterfaceClient {
    /// TicketCreate: the ticket with its first article and the article's files.
    public func createTicket(_ ticket: GITicketFields, article: GIArticleFields, attachments: [GIAttachmentFields] = [])
        async throws -> GITicketWrite
    {
        try ticket.checked()
        try article.checked()
        for attachment in attachments { try attachment.checked() }
        var body: [(String, JSON)] = [("Ticket", ticket.json), ("Article", article.json)]
        if !attachments.isEmpty { body.append(("Attachment", .array(attachments.map(\.json)))) }
        return try GITicketWrite(answer: try await authorized(.ticketCreate, body: body), operation: .ticketCreate)
    }

    /// TicketUpdate: an article (with files) on a ticket, and a new state when `state` is set.
    public func addArticle(_ article: GIArticleFields, attachments: [GIAttachmentFields] = [], to ticketID: Int64,
        state: String? = nil) async throws -> GITicketWrite
    {
        try article.checked()
        for attachment in attachments { try attachment.checked() }
        guard ticketID > 0 else { throw GenericInterfaceError.refused("a TicketID is a positive number") }
        var body: [(String, JSON)] = []
        if let state {
            guard !state.isEmpty, state.count <= 200 else { throw GenericInterfaceError.refused("Ticket->State must be 1 to 200 characters") }
            body.append(("Ticket", ["State": .string(state)]))
        }
        body.append(("Article", article.json))
        if !attachments.isEmpty { body.append(("Attachment", .array(attachments.map(\.json)))) }
        return try GITicketWrite(answer: try await authorized(.ticketUpdate, ticketID: ticketID, body: body), operation: .ticketUpdate)
    }

    /// TicketSearch: the IDs of the tickets the user may see that match, in Znuny's order (which differs
    /// between its databases when sort keys tie). No hit is `{}` in Znuny's answer: an empty list here.
    public func searchTickets(_ criterion: GITicketSearch) async throws -> [Int64] {
        let (name, value) = criterion.parameter
        guard !value.isEmpty, value.count <= 255 else { throw GenericInterfaceError.refused("\(name) must be 1 to 255 characters") }
        let answer = try await authorized(.ticketSearch, query: [(name, value)])
        guard let ids = answer["TicketID"] else { return [] }
        // one hit may come as a bare value rather than a list
        let items = ids.giArray ?? [ids]
        var result: [Int64] = []
        for item in items {
            guard let id = item.giID else { throw GenericInterfaceError.badAnswer(operation: "TicketSearch", reason: "TicketID is not an ID") }
            result.append(id)
        }
        return result
    }

    /// TicketGet: the ticket, with its articles when `articles` is set and their files' bytes when `attachments`
    /// is. A ticket the user may not see, or that does not exist, is Znuny's `TicketGet.AccessDenied`.
    public func ticket(_ ticketID: Int64, articles: Bool = false, attachments: Bool = false) async throws -> GITicketDetails {
        guard ticketID > 0 else { throw GenericInterfaceError.refused("a TicketID is a positive number") }
        var query: [(String, String)] = []
        if articles {
            query.append(("AllArticles", "1"))
            if attachments { query.append(("Attachments", "1")) }
        }
        let answer = try await authorized(.ticketGet, ticketID: ticketID, query: query)
        guard let first = answer["Ticket"]?.giArray?.first else {
            throw GenericInterfaceError.badAnswer(operation: "TicketGet", reason: "no Ticket")
        }
        return try GITicketDetails(json: first)
    }
}

import ChatCore

/// A person's closed chats, newest first, and the search in them (`MessageSearch`, `RequesterName`).
extension SQLStore {
    /// The person's closed chats, newest closed first; with `search`, those whose requester's name contains it
    /// or one of whose messages this person could read does.
    public func closedChats(of person: Person, search: String?, limit: Int) async throws -> [Chat] {
        guard let search, !search.isEmpty else {
            return try await loadChats(try await database.read(ChatRows.select + " WHERE " + Self.closedOf + """
                 ORDER BY c.closed_at DESC, c.id DESC LIMIT ?
                """, Self.binds(person) + [.int(Int64(limit))]))
        }
        let term = MessageSearch.Term(search, dialect: database.dialect, includingInternal: person.isAgent)
        let ids: [Int64]
        if term.isIndexed, let matches = try await term.rareMatches(in: database) {
            // in few messages: those chats and the ones with a matching requester are candidates
            ids = Array(matches.union(try await closedChats(of: person, requesterNamed: search, limit: limit)))
        } else {
            ids = try await closedChats(of: person, commonTerm: term, search: search, limit: limit)
        }
        guard !ids.isEmpty else { return [] }
        let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        return try await loadChats(try await database.read(ChatRows.select + """
             WHERE c.id IN (\(placeholders)) AND \(Self.closedOf) ORDER BY c.closed_at DESC, c.id DESC LIMIT ?
            """, ids.map { .int($0) } + Self.binds(person) + [.int(Int64(limit))]))
    }

    /// The newest of the person's closed chats whose requester's name contains `search`.
    private func closedChats(of person: Person, requesterNamed search: String, limit: Int) async throws -> [Int64] {
        let named = RequesterName.chats(search)
        // CROSS JOIN keeps SQLite from walking every closed chat in closing order instead
        let rows = try await database.read("""
            SELECT c.id AS id FROM (\(named.sql)) m CROSS JOIN ce_chat c
            WHERE c.id = m.chat_id AND \(Self.closedOf) ORDER BY c.closed_at DESC, c.id DESC LIMIT ?
            """, named.binds + Self.binds(person) + [.int(Int64(limit))])
        return try rows.map { row throws(StoreError) in try row.int("id") }
    }

    /// A term in many messages (or too short for the index): the person's closed chats are read a page at a
    /// time, newest first, and each page is tested with one query over its range of chat IDs, until `limit`
    /// chats match.
    private func closedChats(of person: Person, commonTerm term: MessageSearch.Term, search: String, limit: Int)
        async throws -> [Int64]
    {
        let name = RequesterName.contains(search)
        let pageSize = max(200, limit * 4)
        // no index finds a term under three characters: it is looked for in the newest chats only
        var unread = term.isIndexed ? Int.max : MessageSearch.shortTermChats
        var found: [Int64] = []
        var after: (closedAt: Int64, id: Int64) = (.max, .max)
        while found.count < limit && unread > 0 {
            let page = try await database.read("""
                SELECT c.id AS id, c.closed_at AS closed_at, CASE WHEN \(name.sql) THEN 1 ELSE 0 END AS named
                FROM ce_chat c \(RequesterName.joins(database.dialect))
                WHERE \(Self.closedOf) AND (c.closed_at < ? OR (c.closed_at = ? AND c.id < ?))
                ORDER BY c.closed_at DESC, c.id DESC LIMIT ?
                """, name.binds + Self.binds(person)
                    + [.int(after.closedAt), .int(after.closedAt), .int(after.id), .int(Int64(pageSize))])
            guard let last = page.last else { break }
            unread -= page.count
            let ids = try page.map { row throws(StoreError) in try row.int("id") }
            let matching = try await term.chats(from: ids.min()!, through: ids.max()!, in: database)
            for (row, id) in zip(page, ids) where found.count < limit {
                if try row.int("named") == 1 || matching.contains(id) { found.append(id) }
            }
            after = (try last.int("closed_at"), try last.int("id"))
        }
        return found
    }

    /// The closed chats of the person whose kind and ID `binds` gives.
    private static let closedOf = """
        c.state = 'closed' AND EXISTS (SELECT 1 FROM ce_chat_participant p WHERE p.chat_id = c.id
            AND p.person_kind = ? AND p.person_id = ?)
        """

    private static func binds(_ person: Person) -> [SQLValue] {
        let (kind, id) = PersonColumns.encode(person)
        return [.text(kind), .text(id)]
    }
}

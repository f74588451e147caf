/// No doubles: a write whose answer was lost may have happened. Each write carries a `ChatMarker`; before
/// writing, the client looks for it (TicketSearch by title wildcard, then TicketGet to check each hit's title;
/// TicketGet with articles to check the subjects), so a retry with the same marker writes nothing twice.
extension GenericInterfaceClient {
    /// The ticket whose title carries the marker, if an earlier attempt made one.
    public func ticket(markedWith marker: ChatMarker) async throws -> GITicketDetails? {
        for id in try await searchTickets(.title(marker.titlePattern)).sorted() {
            let found = try await ticket(id, articles: true)
            if marker.marks(found.title) { return found }
        }
        return nil
    }

    /// TicketCreate with the marker in the title and the article's subject, unless a ticket with it exists:
    /// then that ticket (and its first marked article) is the answer.
    public func createTicketOnce(_ ticket: GITicketFields, article: GIArticleFields, attachments: [GIAttachmentFields] = [],
        marker: ChatMarker) async throws -> GITicketWrite
    {
        if let earlier = try await self.ticket(markedWith: marker) {
            return GITicketWrite(ticketID: earlier.ticketID, ticketNumber: earlier.ticketNumber,
                articleID: earlier.articles.first { marker.marks($0.subject) }?.articleID)
        }
        var ticket = ticket
        ticket.title = marker.mark(ticket.title)
        var article = article
        article.subject = marker.mark(article.subject, limit: 3800)
        return try await createTicket(ticket, article: article, attachments: attachments)
    }

    /// TicketUpdate with the marker in the article's subject, unless the ticket has an article with it.
    public func addArticleOnce(_ article: GIArticleFields, attachments: [GIAttachmentFields] = [], to ticketID: Int64,
        state: String? = nil, marker: ChatMarker) async throws -> GITicketWrite
    {
        let current = try await ticket(ticketID, articles: true)
        if let earlier = current.articles.first(where: { marker.marks($0.subject) }) {
            return GITicketWrite(ticketID: current.ticketID, ticketNumber: current.ticketNumber, articleID: earlier.articleID)
        }
        var article = article
        article.subject = marker.mark(article.subject, limit: 3800)
        return try await addArticle(article, attachments: attachments, to: ticketID, state: state)
    }
}

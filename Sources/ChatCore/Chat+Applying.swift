/// Derived chat state: what the log's events make of a chat. The store keeps the result in the chat's
/// row and participants, updated in the same transaction as the events.
extension Chat {
    /// The chat a `created` event starts.
    public static func started(by event: ChatEvent) -> Chat? {
        guard case .created(let channel, let target) = event.kind else { return nil }
        var participants = [
            ChatParticipant(person: event.actor, role: event.actor.isAgent ? .owner : .participant, state: .active,
                agentNumber: event.actor.isAgent ? 1 : nil)
        ]
        if let person = target.person {
            participants.append(ChatParticipant(person: person, role: person.isAgent ? .owner : .participant, state: .invited))
        }
        return Chat(id: event.chat, channel: channel, state: .request, requester: event.actor, target: target,
            createdAt: event.at, participants: participants, lastSeq: event.seq)
    }

    public func applying(_ event: ChatEvent) -> Chat {
        var chat = self
        chat.lastSeq = event.seq
        switch event.kind {
        case .created, .message:
            break
        case .accepted(let number):
            chat.state = .active
            chat.upsert(event.actor, role: event.actor.isAgent ? .owner : .participant, state: .active, number: number)
        case .declined:
            chat.state = .closed
            chat.closedAt = event.at
            chat.update(event.actor) { $0.state = .left }
        case .invited(let agent):
            chat.upsert(.agent(agent), role: .observer, state: .invited, number: nil)
            chat.update(.agent(agent)) { $0.invitedBy = event.actor.agentID }
        case .invitationDeclined:
            chat.update(event.actor) { $0.state = .left }
        case .joined(let role, let number):
            chat.upsert(event.actor, role: role, state: .active, number: number)
        case .roleChanged(_, let role):
            chat.update(event.actor) { $0.role = role }
        case .channelChanged(_, let channel):
            chat.channel = channel
        case .monitoringChanged(let level):
            chat.update(event.actor) { $0.monitoring = level }
        case .left:
            chat.update(event.actor) { $0.state = .left }
        case .closed:
            chat.state = .closed
            chat.closedAt = event.at
        case .ticketLinked(let ticket, _, _):
            chat.ticketID = ticket.rawValue
        }
        return chat
    }

    private mutating func update(_ person: Person, _ change: (inout ChatParticipant) -> Void) {
        if let index = participants.firstIndex(where: { $0.person == person }) { change(&participants[index]) }
    }

    /// Adds or updates a participant; an agent keeps the number they got at their first join.
    private mutating func upsert(_ person: Person, role: ParticipantRole, state: ParticipantState, number: Int?) {
        if let index = participants.firstIndex(where: { $0.person == person }) {
            participants[index].role = role
            participants[index].state = state
            if participants[index].agentNumber == nil { participants[index].agentNumber = number }
        } else {
            participants.append(ChatParticipant(person: person, role: role, state: state, agentNumber: number))
        }
    }
}

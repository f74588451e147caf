/// An agent's "Block this visitor": who may, and what happens to the chat.
extension ChatRules {
    /// The owner or a participant of a visitor's chat blocks its visitor (observers, and agents who were
    /// never in it, may not). An open chat closes (the visitor reads the ordinary closing text, nothing
    /// about the block); a closed one stays as it is. Returns the visitor and the events to record.
    public static func blockVisitor(_ chat: Chat, by actor: ChatActor) throws(ChatError) -> (VisitorID, [ChatEventKind]) {
        guard case .agent = actor else { throw .notPermitted("only agents block visitors") }
        guard case .visitor(let visitor) = chat.requester else { throw .invalidTarget("only a public visitor's chat can be blocked") }
        guard let me = chat.participant(actor.person), me.state != .invited else { throw .notInChat }
        guard me.role != .observer else { throw .notPermitted("observers cannot block the visitor") }
        guard chat.state != .closed else { return (visitor, []) }
        guard chat.activeParticipant(actor.person) != nil else { throw .notInChat }
        return (visitor, [.closed])
    }
}

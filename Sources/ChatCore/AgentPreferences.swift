/// What an agent chose on their screen, kept per agent like OTRS's user preferences: which general
/// requests they see (all channels they may work in, or only those they chose), how their active chats
/// are ordered, and the general requests they declined (hidden for them only; others may still accept).
public struct AgentPreferences: Sendable, Equatable {
    public enum Name: String, Sendable { case requestFilter = "RequestFilter", chatOrder = "ChatOrder" }

    public var requestFilter: RequestFilter
    /// Nil: `ChatEngine::ChatOrder` decides.
    public var chatOrder: ChatOrder?
    public var dismissed: Set<ChatID>

    public init(requestFilter: RequestFilter = .all, chatOrder: ChatOrder? = nil, dismissed: Set<ChatID> = []) {
        self.requestFilter = requestFilter
        self.chatOrder = chatOrder
        self.dismissed = dismissed
    }

    /// From the stored name/value pairs; unknown names and values are ignored.
    public init(stored: [String: String], dismissed: Set<ChatID>) {
        self.init(requestFilter: stored[Name.requestFilter.rawValue].flatMap(RequestFilter.init(rawValue:)) ?? .all,
            chatOrder: stored[Name.chatOrder.rawValue].flatMap(ChatOrder.init(rawValue:)), dismissed: dismissed)
    }
}

/// The request lists' filter: "All" channels the agent may work in, or "Mine" (those chosen for external chats).
public enum RequestFilter: String, Sendable { case all = "All", mine = "Mine" }

/// Where a new active chat goes in the agent's list (`ChatEngine::ChatOrder`, or the agent's own choice).
public enum ChatOrder: String, Sendable { case append = "Append", prepend = "Prepend" }

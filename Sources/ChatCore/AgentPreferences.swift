/// What an agent chose on their screen, kept per agent like OTRS's user preferences: which general
/// requests they see (all channels they may work in, or only those they chose), how their active chats
/// are ordered, the general requests they declined (hidden for them only; others may still accept), whether
/// notifications sound and show, and the time zone their times are shown in.
public struct AgentPreferences: Sendable, Equatable {
    public enum Name: String, Sendable {
        case requestFilter = "RequestFilter", chatOrder = "ChatOrder", sound = "Sound", notifications = "Notifications"
        case timeZone = "TimeZone"
    }

    public var requestFilter: RequestFilter
    /// Nil: `ChatEngine::ChatOrder` decides.
    public var chatOrder: ChatOrder?
    public var dismissed: Set<ChatID>
    /// A sound with each notification (off until chosen, as the browser's choice was before it was stored).
    public var sound: Bool
    /// Notifications of new requests, personal requests and invitations (on unless turned off).
    public var notifications: Bool
    /// An IANA time zone name; nil: the browser's own.
    public var timeZone: String?

    public init(requestFilter: RequestFilter = .all, chatOrder: ChatOrder? = nil, dismissed: Set<ChatID> = [],
        sound: Bool = false, notifications: Bool = true, timeZone: String? = nil)
    {
        self.requestFilter = requestFilter
        self.chatOrder = chatOrder
        self.dismissed = dismissed
        self.sound = sound
        self.notifications = notifications
        self.timeZone = timeZone
    }

    /// From the stored name/value pairs; unknown names and values are ignored.
    public init(stored: [String: String], dismissed: Set<ChatID>) {
        self.init(requestFilter: stored[Name.requestFilter.rawValue].flatMap(RequestFilter.init(rawValue:)) ?? .all,
            chatOrder: stored[Name.chatOrder.rawValue].flatMap(ChatOrder.init(rawValue:)), dismissed: dismissed,
            sound: stored[Name.sound.rawValue] == "1", notifications: stored[Name.notifications.rawValue] != "0",
            timeZone: stored[Name.timeZone.rawValue].flatMap { $0.isEmpty ? nil : $0 })
    }
}

/// The request lists' filter: "All" channels the agent may work in, or "Mine" (those chosen for external chats).
public enum RequestFilter: String, Sendable { case all = "All", mine = "Mine" }

/// Where a new active chat goes in the agent's list (`ChatEngine::ChatOrder`, or the agent's own choice).
public enum ChatOrder: String, Sendable { case append = "Append", prepend = "Prepend" }

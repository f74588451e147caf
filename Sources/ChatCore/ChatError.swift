/// Why the chat rules refused a command. Each case carries what the person needs to know.
public enum ChatError: Error, Sendable, Equatable, CustomStringConvertible {
    case chatNotActive
    case directionDisabled(ChatDirection)
    case channelInvalid(String)
    case channelNotStaffed(String)
    case notPermitted(String)
    case alreadyAccepted
    case chatClosed
    case notInChat
    case messageEmpty
    case messageTooLong(scalars: Int, limit: Int)
    case invalidTarget(String)
    /// A customer user or visitor asks again while their general request still waits for an agent.
    case requestAlreadyWaiting
    /// A sender went over `ChatEngine::Messages::*PerSender`.
    case tooManyMessages

    /// A stable code for the web layer's `{"Error":{"ErrorCode",...}}`.
    public var code: String {
        switch self {
        case .chatNotActive: "ChatNotActive"
        case .directionDisabled: "DirectionDisabled"
        case .channelInvalid: "ChannelInvalid"
        case .channelNotStaffed: "ChannelNotStaffed"
        case .notPermitted: "NotPermitted"
        case .alreadyAccepted: "AlreadyAccepted"
        case .chatClosed: "ChatClosed"
        case .notInChat: "NotInChat"
        case .messageEmpty: "MessageEmpty"
        case .messageTooLong: "MessageTooLong"
        case .invalidTarget: "InvalidTarget"
        case .requestAlreadyWaiting: "RequestWaiting"
        case .tooManyMessages: "RateLimited"
        }
    }

    public var description: String {
        switch self {
        case .chatNotActive: "Chat is not active."
        case .directionDisabled(let direction): "Chats \(direction.phrase) are switched off."
        case .channelInvalid(let name): "The chat channel \(name) is not valid."
        case .channelNotStaffed(let name): "No agent is available in the chat channel \(name)."
        case .notPermitted(let why): "Not permitted: \(why)."
        case .alreadyAccepted: "This chat request has already been accepted."
        case .chatClosed: "This chat is closed."
        case .notInChat: "You are not in this chat."
        case .messageEmpty: "The message is empty."
        case .messageTooLong(let scalars, let limit): "The message has \(scalars) characters; at most \(limit) are allowed."
        case .invalidTarget(let why): "Invalid chat partner: \(why)."
        case .requestAlreadyWaiting: "You already have a chat request waiting for an agent."
        case .tooManyMessages: "Too many messages at once. Please wait a moment."
        }
    }
}

/// The four `ChatEngine::ChatDirection::*` switches.
public enum ChatDirection: String, Sendable, Codable, CaseIterable {
    case publicToAgent = "PublicToAgent"
    case customerToAgent = "CustomerToAgent"
    case agentToCustomer = "AgentToCustomer"
    case agentToAgent = "AgentToAgent"

    var phrase: String {
        switch self {
        case .publicToAgent: "from public visitors to agents"
        case .customerToAgent: "from customer users to agents"
        case .agentToCustomer: "from agents to customer users"
        case .agentToAgent: "between agents"
        }
    }
}

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

    public var description: String { text.description }

    /// What the person reads, translatable: English with `%s` for names and numbers (the web layer translates).
    public var text: LocalizableText {
        switch self {
        case .chatNotActive: LocalizableText("Chat is not active.")
        case .directionDisabled(let direction): LocalizableText(direction.switchedOff)
        case .channelInvalid(let name): LocalizableText("The chat channel %s is not valid.", values: name)
        case .channelNotStaffed(let name): LocalizableText("No agent is available in the chat channel %s.", values: name)
        case .notPermitted(let why): LocalizableText("Not permitted: %s.", [.text(LocalizableText(why))])
        case .alreadyAccepted: LocalizableText("This chat request has already been accepted.")
        case .chatClosed: LocalizableText("This chat is closed.")
        case .notInChat: LocalizableText("You are not in this chat.")
        case .messageEmpty: LocalizableText("The message is empty.")
        case .messageTooLong(let scalars, let limit):
            LocalizableText("The message has %s characters; at most %s are allowed.", values: scalars, limit)
        case .invalidTarget(let why): LocalizableText("Invalid chat partner: %s.", [.text(LocalizableText(why))])
        case .requestAlreadyWaiting: LocalizableText("You already have a chat request waiting for an agent.")
        case .tooManyMessages: LocalizableText("Too many messages at once. Please wait a moment.")
        }
    }
}

/// The four `ChatEngine::ChatDirection::*` switches.
public enum ChatDirection: String, Sendable, Codable, CaseIterable {
    case publicToAgent = "PublicToAgent"
    case customerToAgent = "CustomerToAgent"
    case agentToCustomer = "AgentToCustomer"
    case agentToAgent = "AgentToAgent"

    /// The refusal when this direction is switched off: a whole sentence each, so each translates whole.
    var switchedOff: String {
        switch self {
        case .publicToAgent: "Chats from public visitors to agents are switched off."
        case .customerToAgent: "Chats from customer users to agents are switched off."
        case .agentToCustomer: "Chats from agents to customer users are switched off."
        case .agentToAgent: "Chats between agents are switched off."
        }
    }
}

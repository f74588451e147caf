import Foundation

/// Why a new chat request was refused for abuse protection. The messages tell the person what happened
/// without naming settings; each refusal concerns only the requester's own address or token.
public enum ChatRequestRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// The address lies in `ChatEngine::PublicInterface::BlockedIPRanges`.
    case addressBlocked
    /// An agent blocked this visitor (by token or address) until the date.
    case visitorBlocked(until: Date)
    /// More new chats from this address within the hour than `MaxRequestsPerHourPerIP`.
    case tooManyFromAddress
    /// More new chats from this visitor or customer user within the hour than allowed.
    case tooManyFromRequester

    public var code: String {
        switch self {
        case .addressBlocked, .visitorBlocked: "Blocked"
        case .tooManyFromAddress, .tooManyFromRequester: "RateLimited"
        }
    }

    public var description: String { text.description }

    /// What the person reads, translatable (the web layer translates).
    public var text: LocalizableText {
        switch self {
        case .addressBlocked: LocalizableText("Chat requests from your network are not accepted.")
        case .visitorBlocked:
            LocalizableText("You cannot start a new chat at the moment: new chats from you are blocked for a while.")
        case .tooManyFromAddress: LocalizableText("Too many chat requests from your address. Please try again later.")
        case .tooManyFromRequester: LocalizableText("You have started too many chats. Please try again later.")
        }
    }
}

/// The abuse limits on new chat requests, decided without I/O from what the store counted.
public struct ChatRequestLimits: Sendable, Equatable {
    public var perAddressPerHour: Int
    public var perRequesterPerHour: Int
    public var blockedRanges: [IPRange]

    public init(perAddressPerHour: Int, perRequesterPerHour: Int, blockedRanges: [IPRange]) {
        self.perAddressPerHour = perAddressPerHour
        self.perRequesterPerHour = perRequesterPerHour
        self.blockedRanges = blockedRanges
    }

    /// The first refusal that applies before anything is counted: a blocked range, then an agent's block.
    public func refusal(address: String, blockedUntil: Date?, now: Date) -> ChatRequestRefusal? {
        if blockedRanges.containsAddress(address) { return .addressBlocked }
        if let blockedUntil, blockedUntil > now { return .visitorBlocked(until: blockedUntil) }
        return nil
    }
}

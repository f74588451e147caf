/// Identifiers of the things ChatEngine keeps. Numbers come from the store; a public visitor's is a
/// random token, since visitors have no account.
public struct AgentID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "agent \(rawValue)" }
}

public struct CustomerUserID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "customer user \(rawValue)" }
}

public struct VisitorID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { "visitor \(rawValue)" }
}

public struct ChannelID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "channel \(rawValue)" }
}

public struct ChatID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "chat \(rawValue)" }
}

/// Anyone who takes part in chats.
public enum Person: Hashable, Sendable, Codable, CustomStringConvertible {
    case agent(AgentID)
    case customer(CustomerUserID)
    case visitor(VisitorID)

    public var isAgent: Bool {
        if case .agent = self { return true }
        return false
    }

    public var isVisitor: Bool {
        if case .visitor = self { return true }
        return false
    }

    public var agentID: AgentID? {
        if case .agent(let id) = self { return id }
        return nil
    }

    public var description: String {
        switch self {
        case .agent(let id): id.description
        case .customer(let id): id.description
        case .visitor(let id): id.description
        }
    }
}

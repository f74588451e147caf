/// The agent's three-way chat switch.
public enum ChatAvailability: String, Sendable, Codable, CaseIterable, Comparable {
    /// No chats at all.
    case unavailable
    /// Agent-to-agent chats only.
    case `internal`
    /// Internal plus customer users and public visitors.
    case external

    private var rank: Int {
        switch self {
        case .unavailable: 0
        case .internal: 1
        case .external: 2
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// OTRS's permission keys on a group. Chat roles come only from the `chat_*` keys.
public enum GroupPermission: String, Sendable, Codable, CaseIterable {
    case ro
    case rw
    case chatObserver = "chat_observer"
    case chatParticipant = "chat_participant"
    case chatOwner = "chat_owner"

    public var chatLevel: ChatPermissionLevel? {
        switch self {
        case .chatObserver: .observer
        case .chatParticipant: .participant
        case .chatOwner: .owner
        case .ro, .rw: nil
        }
    }
}

/// What an agent may do in chats of a channel (OTRS Business Solution's meanings):
/// observer: only after invitation, reads, may invite; participant: only after invitation, acts on the
/// chat; owner: accepts requests and does everything.
public enum ChatPermissionLevel: Int, Sendable, Codable, Comparable, CaseIterable {
    case observer = 1
    case participant = 2
    case owner = 3

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// An agent's effective permissions: per group name, the keys held directly or through a role.
public struct AgentPermissions: Sendable, Equatable {
    public var groups: [String: Set<GroupPermission>]

    public init(_ groups: [String: Set<GroupPermission>] = [:]) {
        self.groups = groups
    }

    /// The highest `chat_*` key on `group`; `rw` does not imply any.
    public func chatLevel(onGroup group: String) -> ChatPermissionLevel? {
        groups[group]?.compactMap(\.chatLevel).max()
    }

    /// At least `ro`: `ro` itself, or `rw` which includes it (as in OTRS).
    public func canRead(group: String) -> Bool {
        guard let keys = groups[group] else { return false }
        return keys.contains(.ro) || keys.contains(.rw)
    }

    public func has(_ permission: GroupPermission, on group: String) -> Bool {
        groups[group]?.contains(permission) ?? false
    }
}

/// OTRS's permission keys on a group (the ones chat uses). As in Znuny and OTRS, `rw` implies every other
/// key and is the only key that implies another.
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

    /// The highest chat level on `group`: `rw` implies `chat_owner` (Znuny's rule); otherwise the highest
    /// `chat_*` key held. That an owner may also do what a participant and an observer may is ChatEngine's
    /// own order on top.
    public func chatLevel(onGroup group: String) -> ChatPermissionLevel? {
        guard let keys = groups[group] else { return nil }
        if keys.contains(.rw) { return .owner }
        return keys.compactMap(\.chatLevel).max()
    }

    /// At least `ro`: `ro` itself, or `rw` which includes it (as in OTRS).
    public func canRead(group: String) -> Bool {
        has(.ro, on: group)
    }

    /// Whether the key is held on `group`, as Znuny's `PermissionUserGet` answers: the key itself, or `rw`.
    public func has(_ permission: GroupPermission, on group: String) -> Bool {
        guard let keys = groups[group] else { return false }
        return keys.contains(permission) || keys.contains(.rw)
    }

    /// The groups on which the key is held (Znuny's answer for one key).
    public func groups(holding permission: GroupPermission) -> Set<String> {
        Set(groups.keys.filter { has(permission, on: $0) })
    }
}

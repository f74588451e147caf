import ChatCore

/// The ticket system's agents, groups and roles with their links, as read from its database. Each row
/// carries the ticket system's own key (its numeric ID as text), which never changes when a name does.
public struct DirectorySnapshot: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var key: String
        public var name: String
        public var isValid: Bool

        public init(key: String, name: String, isValid: Bool) {
            self.key = key
            self.name = name
            self.isValid = isValid
        }
    }

    public struct Agent: Sendable, Equatable {
        public var key: String
        public var login: String
        public var firstName: String
        public var lastName: String
        public var email: String
        public var isValid: Bool

        public init(key: String, login: String, firstName: String, lastName: String, email: String, isValid: Bool) {
            self.key = key
            self.login = login
            self.firstName = firstName
            self.lastName = lastName
            self.email = email
            self.isValid = isValid
        }
    }

    /// A permission key held by an agent or a role (`holder`) on a group, both by key.
    public struct Grant: Sendable, Hashable {
        public var holder: String
        public var group: String
        public var permission: GroupPermission

        public init(holder: String, group: String, permission: GroupPermission) {
            self.holder = holder
            self.group = group
            self.permission = permission
        }
    }

    public struct Membership: Sendable, Hashable {
        public var agent: String
        public var role: String

        public init(agent: String, role: String) {
            self.agent = agent
            self.role = role
        }
    }

    public var groups: [Entry]
    public var roles: [Entry]
    public var agents: [Agent]
    public var agentGrants: Set<Grant>
    public var roleGrants: Set<Grant>
    public var memberships: Set<Membership>

    public init(groups: [Entry], roles: [Entry], agents: [Agent], agentGrants: Set<Grant>, roleGrants: Set<Grant>,
        memberships: Set<Membership>)
    {
        self.groups = groups
        self.roles = roles
        self.agents = agents
        self.agentGrants = agentGrants
        self.roleGrants = roleGrants
        self.memberships = memberships
    }
}

/// What copying a snapshot changed.
public struct DirectoryMirrorResult: Sendable, Equatable {
    /// Whether anything at all changed (the directory version moved on).
    public var changed: Bool
    /// Agents who could log in before and cannot now (invalid, or gone from the ticket system): their
    /// sessions were deleted in the same transaction.
    public var agentsLockedOut: [AgentID]
    /// The directory version right after the copy (it moves whenever anyone changes the directory).
    public var version: Int64

    public init(changed: Bool, agentsLockedOut: [AgentID], version: Int64) {
        self.changed = changed
        self.agentsLockedOut = agentsLockedOut
        self.version = version
    }
}

/// A customer user of the ticket system, copied when they log in.
public struct MirroredCustomerUser: Sendable, Equatable {
    /// The ticket system's customer key (its `CustomerKey`, the login by default).
    public var key: String
    public var login: String
    public var customerID: String
    public var companyName: String
    public var email: String
    public var firstName: String
    public var lastName: String
    public var isValid: Bool

    public init(key: String, login: String, customerID: String, companyName: String, email: String, firstName: String,
        lastName: String, isValid: Bool)
    {
        self.key = key
        self.login = login
        self.customerID = customerID
        self.companyName = companyName
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.isValid = isValid
    }
}

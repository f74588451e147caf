import ChatCore
import ChatStore

/// People, groups and roles as the admin screens show and edit them (no password hashes, no store records).
public struct AgentAccount: Sendable, Hashable {
    public var id: AgentID
    public var login: String
    public var firstName: String
    public var lastName: String
    public var email: String
    public var isValid: Bool

    public init(id: AgentID = AgentID(0), login: String, firstName: String, lastName: String, email: String,
        isValid: Bool = true)
    {
        self.id = id
        self.login = login
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.isValid = isValid
    }

    init(_ record: AgentRecord) {
        self.init(id: record.id, login: record.login, firstName: record.firstName, lastName: record.lastName,
            email: record.email, isValid: record.isValid)
    }

    public var fullName: String { "\(firstName) \(lastName)" }
}

/// A group or a role: a name, and whether it counts.
public struct DirectoryEntry: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var isValid: Bool

    public init(id: Int64 = 0, name: String, isValid: Bool = true) {
        self.id = id
        self.name = name
        self.isValid = isValid
    }
}

public struct CustomerCompany: Sendable, Hashable {
    public var customerID: String
    public var name: String
    public var isValid: Bool

    public init(customerID: String, name: String, isValid: Bool = true) {
        self.customerID = customerID
        self.name = name
        self.isValid = isValid
    }

    init(_ record: CustomerCompanyRecord) {
        self.init(customerID: record.customerID, name: record.name, isValid: record.isValid)
    }
}

public struct CustomerAccount: Sendable, Hashable {
    public var id: CustomerUserID
    public var login: String
    public var customerID: String
    public var email: String
    public var firstName: String
    public var lastName: String
    public var isValid: Bool

    public init(id: CustomerUserID = CustomerUserID(0), login: String, customerID: String, email: String,
        firstName: String, lastName: String, isValid: Bool = true)
    {
        self.id = id
        self.login = login
        self.customerID = customerID
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.isValid = isValid
    }

    init(_ record: CustomerUserRecord) {
        self.init(id: record.id, login: record.login, customerID: record.customerID, email: record.email,
            firstName: record.firstName, lastName: record.lastName, isValid: record.isValid)
    }
}

/// One line of a permission matrix: an agent, a role or a group, with the keys held (on the group, or by
/// the agent or role of the screen).
public struct MatrixLine: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var isValid: Bool
    public var keys: Set<GroupPermission>
}

/// One line of the agent ↔ role screen: an agent or a role, and whether the pair is linked.
public struct MembershipLine: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var isValid: Bool
    public var isMember: Bool
}

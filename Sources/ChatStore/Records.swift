import Foundation
import ChatCore

public struct GroupRecord: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var isValid: Bool = true
}

public struct RoleRecord: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var isValid: Bool = true
}

/// A customer company (OTRS's `customer_company`): customer users belong to one.
public struct CustomerCompanyRecord: Sendable, Hashable {
    public var customerID: String
    public var name: String
    public var isValid: Bool
}

/// One permission key of an agent or a role on a group (a row of OTRS's permission matrix).
public struct PermissionGrant: Sendable, Hashable {
    public var holder: Int64
    public var group: Int64
    public var permission: GroupPermission
}

public struct AgentRecord: Sendable, Hashable {
    public var id: AgentID
    public var login: String
    public var firstName: String
    public var lastName: String
    public var email: String
    public var passwordHash: String?
    public var isValid: Bool
    public var availability: ChatAvailability

    public var fullName: String { "\(firstName) \(lastName)".trimmingCharacters(in: .whitespaces) }
}

public struct CustomerUserRecord: Sendable, Hashable {
    public var id: CustomerUserID
    public var login: String
    public var customerID: String
    public var email: String
    public var firstName: String
    public var lastName: String
    public var passwordHash: String?
    public var isValid: Bool = true

    public var fullName: String {
        let name = "\(firstName) \(lastName)".trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? login : name
    }
}

public struct VisitorRecord: Sendable, Hashable {
    public var id: VisitorID
    public var name: String
}

public struct NewAgent: Sendable {
    public var login, firstName, lastName, email: String
    public var passwordHash: String?

    public init(login: String, firstName: String, lastName: String, email: String, passwordHash: String?) {
        self.login = login
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.passwordHash = passwordHash
    }
}

public struct NewCustomerUser: Sendable {
    public var login, customerID, email, firstName, lastName: String
    public var passwordHash: String?

    public init(login: String, customerID: String, email: String, firstName: String = "", lastName: String = "",
        passwordHash: String?)
    {
        self.login = login
        self.customerID = customerID
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.passwordHash = passwordHash
    }
}

/// A logged-in agent's or customer user's session, or nil for an unknown or expired token.
public struct SessionRecord: Sendable, Hashable {
    public enum UserKind: String, Sendable { case agent, customer }
    public var userKind: UserKind
    public var userID: Int64
    /// The CSRF challenge token of this session.
    public var challenge: String
    public var expiresAt: Int64
    /// When the login happened (milliseconds since 1970): a session ends a fixed time after it.
    public var createdAt: Int64
    /// Single sign-on: the ticket system's session this one is bound to (sealed), its hard end and when it
    /// was last found still there (milliseconds since 1970).
    public var ticketSession: TicketSessionBinding? = nil
}

/// What binds a ChatEngine session to the ticket system's session it was made from.
public struct TicketSessionBinding: Sendable, Hashable {
    /// The ticket system's session ID, sealed (see `Authenticator`).
    public var sealedID: String
    public var endsAt: Int64
    public var checkedAt: Int64

    public init(sealedID: String, endsAt: Int64, checkedAt: Int64) {
        self.sealedID = sealedID
        self.endsAt = endsAt
        self.checkedAt = checkedAt
    }
}

/// A public visitor recorded with their first chat request, in the same transaction.
public struct NewVisitor: Sendable {
    public var id: VisitorID
    public var tokenHash: String
    public var name: String
    /// The first request's command ID and the address it came from: a resend finds this visitor again.
    public var firstCommandID: String?
    public var clientAddress: String

    public init(id: VisitorID, tokenHash: String, name: String, firstCommandID: String?, clientAddress: String) {
        self.id = id
        self.tokenHash = tokenHash
        self.name = name
        self.firstCommandID = firstCommandID
        self.clientAddress = clientAddress
    }
}

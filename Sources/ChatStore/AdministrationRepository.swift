import ChatCore

/// What the admin screens change in ChatEngine's own directory beyond adding people (`DirectoryRepository`):
/// editing and invalidating agents, groups, roles, customer companies and customer users, the permission
/// matrix and passwords. Every change to agents, groups, roles or grants moves the directory version.
public protocol AdministrationRepository: Sendable {
    /// Saves an agent's login, names, e-mail and validity; an invalid agent's sessions end in the same
    /// transaction.
    func updateAgent(_ id: AgentID, login: String, firstName: String, lastName: String, email: String, isValid: Bool)
        async throws
    /// A new password hash; every session of the agent ends in the same transaction except `keepingSession`
    /// (the token hash of the session that changed it, when the agent changes their own).
    func setPassword(agent: AgentID, hash: String, keepingSession: String?) async throws

    func allGroups() async throws -> [GroupRecord]
    func updateGroup(_ id: Int64, name: String, isValid: Bool) async throws
    func roles() async throws -> [RoleRecord]
    func updateRole(_ id: Int64, name: String, isValid: Bool) async throws

    /// Grants of agents (`roles: false`) or roles (`roles: true`), of one holder or on one group (or all).
    func grants(roles: Bool, holder: Int64?, group: Int64?) async throws -> [PermissionGrant]
    /// Makes `permissions` the holder's whole set of keys on the group.
    func setGrants(roles: Bool, holder: Int64, group: Int64, _ permissions: Set<GroupPermission>) async throws
    /// Agent-role memberships, as (agent, role) pairs, of one agent or one role (or all).
    func memberships(agent: AgentID?, role: Int64?) async throws -> [(agent: AgentID, role: Int64)]
    func setMembership(agent: AgentID, role: Int64, member: Bool) async throws

    /// Companies whose ID or name contains `search` (all when empty), by ID, at most `limit`.
    func customerCompanies(search: String, limit: Int) async throws -> [CustomerCompanyRecord]
    func customerCompany(id: String) async throws -> CustomerCompanyRecord?
    func updateCustomerCompany(_ customerID: String, name: String, isValid: Bool) async throws
    /// Customer users whose login, name, e-mail or customer ID contains `search`, by login, at most `limit`.
    func customerUsers(search: String, limit: Int) async throws -> [CustomerUserRecord]
    /// Saves a customer user's fields and validity; an invalid one's sessions end in the same transaction.
    func updateCustomerUser(_ id: CustomerUserID, login: String, customerID: String, email: String, firstName: String,
        lastName: String, isValid: Bool) async throws
    func setPassword(customer: CustomerUserID, hash: String, keepingSession: String?) async throws
}

/// Which of the OTRS family's table layouts the ticket system's database has: Znuny 6/7 and OTRS 6/7 call
/// the groups table `permission_groups`, OTRS 5 `groups`, OTOBO `groups_table`; Znuny 7 dropped
/// `group_user.permission_value` (a row that exists grants its key), older versions count only value 1.
public struct TicketSystemLayout: Sendable, Equatable {
    public var groupsTable: String
    public var groupUserHasValue: Bool

    public struct Problem: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Checks every table and column ChatEngine reads, from `columns` (table name → its column names).
    static func detect(columns: [String: Set<String>], customers: TicketSystemConfig.CustomerSource) throws(Problem)
        -> TicketSystemLayout
    {
        guard let groups = ["permission_groups", "groups", "groups_table"].first(where: { columns[$0] != nil }) else {
            throw Problem(description: "the ticket system's database has none of the tables permission_groups (Znuny, OTRS 6/7), groups (OTRS 5) or groups_table (OTOBO)")
        }
        let customerColumns = [customers.keyColumn, customers.loginColumn, customers.passwordColumn, customers.customerIDColumn,
            customers.emailColumn, customers.firstNameColumn, customers.lastNameColumn, customers.validColumn]
        let required: [(String, [String])] = [
            ("users", ["id", "login", "pw", "first_name", "last_name", "valid_id"]),
            ("user_preferences", ["user_id", "preferences_key", "preferences_value"]),
            (groups, ["id", "name", "valid_id"]),
            ("roles", ["id", "name", "valid_id"]),
            ("group_user", ["user_id", "group_id", "permission_key"]),
            ("role_user", ["user_id", "role_id"]),
            ("group_role", ["role_id", "group_id", "permission_key", "permission_value"]),
            ("valid", ["id", "name"]),
            (customers.table, customerColumns),
            ("customer_company", ["customer_id", "name"]),
        ]
        for (table, needed) in required {
            guard let have = columns[table] else {
                throw Problem(description: "the ticket system's database has no table \(table) (or ChatEngine's database user may not read it)")
            }
            if let missing = needed.first(where: { !have.contains($0) }) {
                throw Problem(description: "the ticket system's table \(table) has no column \(missing): not a layout ChatEngine knows")
            }
        }
        return TicketSystemLayout(groupsTable: groups, groupUserHasValue: columns["group_user"]?.contains("permission_value") ?? false)
    }
}

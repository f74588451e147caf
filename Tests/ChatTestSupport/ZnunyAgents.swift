import ChatStore

/// Temporary agents in the seeded Znuny database (as its superuser), written as Znuny stores them: the
/// directory tests add one, change it, and remove it again.
public enum ZnunyAgents {
    /// A valid agent with a sha2 password; returns Znuny's `users.id`.
    public static func add(_ owner: PostgresBackend, login: String, password: String, firstName: String, lastName: String)
        async throws -> Int64
    {
        guard let id = try await owner.read("""
            INSERT INTO users (login, pw, first_name, last_name, valid_id, create_time, create_by, change_time, change_by)
            VALUES (?, encode(sha256(convert_to(?, 'UTF8')), 'hex'), ?, ?, 1, now(), 1, now(), 1) RETURNING id
            """, [.text(login), .text(password), .text(firstName), .text(lastName)]).first?.int("id")
        else { throw HarnessError(description: "Znuny returned no ID for agent \(login)") }
        return id
    }

    /// Grants `key` on the group named `group` (a `group_user` row).
    public static func grant(_ owner: PostgresBackend, _ id: Int64, _ key: String, on group: String) async throws {
        _ = try await owner.read("""
            INSERT INTO group_user (user_id, group_id, permission_key, create_time, create_by, change_time, change_by)
            SELECT ?, id, ?, now(), 1, now(), 1 FROM permission_groups WHERE name = ?
            """, [.int(id), .text(key), .text(group)])
    }

    public static func remove(_ owner: PostgresBackend, _ id: Int64) async throws {
        _ = try await owner.read("DELETE FROM group_user WHERE user_id = ?", [.int(id)])
        _ = try await owner.read("DELETE FROM user_preferences WHERE user_id = ?", [.int(id)])
        _ = try await owner.read("DELETE FROM users WHERE id = ?", [.int(id)])
    }
}

import Foundation
import Testing

/// The administration commands on a SQLite home, through the real binary.
@Suite("chatengine administration commands", .timeLimit(.minutes(3)))
struct AdminCommandTests {
    @Test("migrate, people, groups, roles, channels and cleanup, with clear refusals")
    func administration() throws {
        let home = try ConfigCommandTests.configOnlyHome("    $Self->{'ChatEngine::PasswordHashCost'} = 4;")
        defer { try? FileManager.default.removeItem(at: home) }
        func run(_ arguments: String...) throws -> ConfigCommandTests.Run {
            try ConfigCommandTests.chatengine(arguments + ["--home", home.path])
        }
        func ok(_ arguments: String...) throws -> String {
            let result = try ConfigCommandTests.chatengine(arguments + ["--home", home.path])
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            return result.stdout
        }

        // every migration in order, however many there are by now (each issue appends its own)
        let applied = try ok("migrate")
        let latest = applied.split(separator: " ").last.flatMap { Int($0.dropLast(2)) } ?? 0
        #expect(latest >= 12 && applied == "Applied migration(s) \((1...latest).map(String.init).joined(separator: ", ")).\n")
        #expect(try ok("migrate") == "The database is up to date (version \(latest)).\n")
        #expect(FileManager.default.fileExists(atPath: home.appendingPathComponent("var/chatengine.sqlite").path))

        let added = try ok("user", "add", "anna", "--first-name", "Anna", "--last-name", "Agent", "--email", "anna@example.com")
        #expect(added.hasPrefix("Added agent anna (id 1).\nPassword: "), "no password given: one is generated and shown once")
        #expect(try ok("user", "add", "bert", "--first-name", "Bert", "--last-name", "Agent", "--email", "b@example.com",
            "--password", "s3cret") == "Added agent bert (id 2).\n")
        let duplicate = try run("user", "add", "anna", "--first-name", "A", "--last-name", "B", "--email", "x", "--password", "x")
        #expect(duplicate.status == 1 && duplicate.stderr.hasPrefix("chatengine: ") && duplicate.stderr.contains("already exists"))

        _ = try ok("group", "add", "sales")
        _ = try ok("group", "link", "anna", "users", "--permission", "ro")
        _ = try ok("group", "link", "anna", "users", "--permission", "chat_owner")
        _ = try ok("role", "add", "Sales Team")
        _ = try ok("role", "link-group", "Sales Team", "sales", "--permission", "chat_participant")
        _ = try ok("role", "link-user", "anna", "Sales Team")
        let bogus = try run("group", "link", "anna", "users", "--permission", "owner")
        #expect(bogus.status != 0 && bogus.stderr.contains("chat_owner"))
        let noGroup = try run("group", "link", "anna", "nowhere", "--permission", "ro")
        #expect(noGroup.status == 1 && noGroup.stderr == "chatengine: group nowhere not found\n")
        #expect(try ok("user", "add", "cleo", "--first-name", "Cleo", "--last-name", "Agent", "--email", "c@example.com",
            "--password", "pw", "--role", "Sales Team") == "Added agent cleo (id 3).\ncleo has the role Sales Team.\n")
        let list = try ok("user", "list")
        #expect(list.contains("anna\tAnna Agent\tanna@example.com\tunavailable\tsales:chat_participant users:chat_owner+ro"))
        #expect(list.contains("cleo\tCleo Agent\tc@example.com\tunavailable\tsales:chat_participant"))

        _ = try ok("customer-company", "add", "ACME", "--name", "Acme Ltd.")
        #expect(try ok("customer-user", "add", "carla", "--customer-id", "ACME", "--email", "c@acme.example",
            "--first-name", "Carla", "--password", "pw") == "Added customer user carla (id 1).\n")
        let noCompany = try run("customer-user", "add", "x", "--customer-id", "NOPE", "--email", "x", "--password", "pw")
        #expect(noCompany.stderr == "chatengine: customer company NOPE not found\n")

        _ = try ok("channel", "add", "Sales", "--group", "sales", "--comment", "pre-sales")
        let channels = try ok("channel", "list")
        #expect(channels.contains("Default channel\tusers\tvalid\t0 chats\tdefault"))
        #expect(channels.contains("Sales\tsales\tvalid\t0 chats\t\tpre-sales"))
        let deleteDefault = try run("channel", "delete", "Default channel")
        #expect(deleteDefault.status == 1 && deleteDefault.stderr == "chatengine: the default channel Default channel cannot be deleted\n")
        #expect(try ok("channel", "delete", "Sales") == "Deleted channel Sales.\n")
        #expect(try ok("maint", "chat-cleanup") == "Deleted 0 expired chat(s).\n")
        #expect(try ok("user", "set-password", "bert", "--password", "n3w") == "Password of bert set.\n")
    }
}

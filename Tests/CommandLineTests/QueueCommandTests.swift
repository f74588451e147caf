import Foundation
import Testing

/// `chatengine queue list|add|change` on a SQLite home, through the real binary.
@Suite("chatengine queue", .timeLimit(.minutes(2)))
struct QueueCommandTests {
    @Test("list OTRS's queues, add one, change it; clear refusals")
    func queues() throws {
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
        #expect(try ok("queue", "list") == """
            2\tJunk\tusers\tvalid\tAll junk tickets.
            3\tMisc\tusers\tvalid\tAll misc tickets.
            1\tRaw\tusers\tvalid\tAll default incoming tickets.

            """)
        _ = try ok("group", "add", "sales")
        #expect(try ok("queue", "add", "Sales", "--group", "sales", "--comment", "from chats")
            == "Added queue Sales (id 4, group sales).\n")
        #expect(try ok("queue", "change", "Sales", "--new-name", "Sales::Chat", "--group", "users", "--invalid")
            == "Changed queue Sales::Chat (group users, invalid).\n")
        #expect(try ok("queue", "list").contains("4\tSales::Chat\tusers\tinvalid\tfrom chats\n"))
        #expect(try ok("queue", "change", "Sales::Chat", "--valid", "--comment", "") == "Changed queue Sales::Chat (group users, valid).\n")

        let taken = try run("queue", "add", "Raw")
        #expect(taken.status == 1 && taken.stderr == "chatengine: a queue named Raw already exists\n")
        let noGroup = try run("queue", "add", "X", "--group", "nowhere")
        #expect(noGroup.status == 1 && noGroup.stderr == "chatengine: unknown group nowhere\n")
        let unknown = try run("queue", "change", "Nope", "--valid")
        #expect(unknown.status == 1 && unknown.stderr == "chatengine: queue Nope not found\n")
        let both = try run("queue", "change", "Raw", "--valid", "--invalid")
        #expect(both.status != 0)
    }
}

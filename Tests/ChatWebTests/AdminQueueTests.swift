import ChatCore
import ChatEngine
import ChatStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

/// AdminQueue through HTTP: the list, adding and changing queues, refusals that keep what was typed, the
/// challenge token on every change, and nobody but admins.
@Suite("AdminQueue", .timeLimit(.minutes(3)))
struct AdminQueueTests {
    static func submit(_ client: any TestClientProtocol, _ session: WebSession, _ subaction: String,
        _ values: [String: String] = [:], token: Bool = true, method: HTTPRequest.Method = .post) async throws
        -> (status: HTTPResponse.Status, page: String)
    {
        try await AdminScreenTests.submit(client, session, "AdminQueue", subaction, values, token: token, method: method)
    }

    @Test("list OTRS's queues, add one in a group, change its name, group, validity and comment")
    func listAddChange() async throws {
        try await WebHarness.with { harness, client async throws in
            let admin = try await AdminScreenTests.admin(harness, client)
            let list = try await Self.submit(client, admin, "", token: false, method: .get)
            #expect(list.status == .ok)
            for name in ["Junk", "Misc", "Raw"] { #expect(list.page.contains("data-name=\"\(name)\""), "\(name) listed") }
            #expect(list.page.contains("All default incoming tickets."))
            let overview = String(buffer: try await admin.get(client, "Action=Admin").body)
            #expect(overview.contains("id=\"ce-admin-AdminQueue\""), "the Admin overview links it")

            _ = try await harness.store.addGroup("sales")
            let form = try await Self.submit(client, admin, "Add", token: false, method: .get)
            #expect(form.status == .ok && form.page.contains("<option value=\"sales\">sales</option>"))
            let added = try await Self.submit(client, admin, "AddAction",
                ["Name": " Sales <b> ", "GroupID": "sales", "ValidID": "1", "Comment": "from chats & calls"])
            #expect(added.status == .ok && added.page.contains("Queue Sales &lt;b&gt; added."))
            #expect(!added.page.contains("Sales <b>"), "escaped")
            let queue = try #require(try await harness.store.queues().first { $0.name == "Sales <b>" })
            #expect(queue.group == "sales" && queue.isValid && queue.comment == "from chats & calls")

            let edit = try await Self.submit(client, admin, "Change", ["QueueID": "\(queue.id)"], token: false, method: .get)
            #expect(edit.status == .ok && edit.page.contains("value=\"Sales &lt;b&gt;\""))
            #expect(edit.page.contains("<option value=\"sales\" selected>"))
            let changed = try await Self.submit(client, admin, "ChangeAction",
                ["QueueID": "\(queue.id)", "Name": "Sales", "GroupID": "users", "ValidID": "2", "Comment": ""])
            #expect(changed.status == .ok && changed.page.contains("Queue Sales updated."))
            #expect(try await harness.store.queue(id: queue.id) == TicketQueue(id: queue.id, name: "Sales", group: "users",
                isValid: false, comment: ""))
            // an invalid queue is no longer offered for new tickets
            let agent = try await harness.env.engine.tickets.ticketAgent(try #require(try await harness.store.agent(login: "root@localhost")).id)
            #expect(!(try await harness.env.engine.tickets.backend.options(for: agent).queues.map(\.name).contains("Sales")))
        }
    }

    @Test("refusals name the problem and keep what was typed: a taken name, a missing group, no name, an unknown queue")
    func refusals() async throws {
        try await WebHarness.with { harness, client async throws in
            let admin = try await AdminScreenTests.admin(harness, client)
            let taken = try await Self.submit(client, admin, "AddAction", ["Name": "Raw", "GroupID": "users", "ValidID": "1",
                "Comment": "typed <i>"])
            #expect(taken.status == .forbidden && taken.page.contains("a queue named Raw already exists"))
            #expect(taken.page.contains("typed &lt;i&gt;</textarea>"), "the comment typed is kept, escaped")
            let noGroup = try await Self.submit(client, admin, "AddAction", ["Name": "New", "GroupID": "nowhere", "ValidID": "1"])
            #expect(noGroup.page.contains("unknown group nowhere"))
            let noName = try await Self.submit(client, admin, "AddAction", ["Name": "  ", "GroupID": "users", "ValidID": "1"])
            #expect(noName.page.contains("a queue needs a name"))
            let tooLong = try await Self.submit(client, admin, "AddAction",
                ["Name": String(repeating: "q", count: 500), "GroupID": "users", "ValidID": "1"])
            #expect(tooLong.page.contains("at most 200 characters"))
            let ghost = try await Self.submit(client, admin, "ChangeAction", ["QueueID": "9999", "Name": "Ghost", "GroupID": "users"])
            #expect(ghost.status == .notFound && ghost.page.contains("No such queue."))
            let ghostForm = try await Self.submit(client, admin, "Change", ["QueueID": "x"], token: false, method: .get)
            #expect(ghostForm.status == .notFound)
            #expect(try await harness.store.queues().map(\.name) == ["Junk", "Misc", "Raw"], "nothing was added")
        }
    }

    @Test("every change needs a POST with the challenge token; agents without rw on admin get nothing")
    func tokenAndAdminsOnly() async throws {
        try await WebHarness.with { harness, client async throws in
            let admin = try await AdminScreenTests.admin(harness, client)
            let raw = try #require(try await harness.store.queues().first { $0.name == "Raw" })
            let changes: [(String, [String: String])] = [
                ("AddAction", ["Name": "Forged", "GroupID": "users", "ValidID": "1"]),
                ("ChangeAction", ["QueueID": "\(raw.id)", "Name": "Forged", "GroupID": "admin", "ValidID": "2"]),
            ]
            for (subaction, values) in changes {
                let tokenless = try await Self.submit(client, admin, subaction, values, token: false)
                #expect(tokenless.status == .forbidden && tokenless.page.contains("Invalid challenge token"), "\(subaction)")
                let forged = try await Self.submit(client, WebSession(interface: .agent, cookie: admin.cookie, challenge: "forged"),
                    subaction, values)
                #expect(forged.status == .forbidden, "\(subaction) with a wrong token")
                let get = try await Self.submit(client, admin, subaction, values, method: .get)
                #expect(get.status == .methodNotAllowed, "\(subaction) as a GET")
            }
            _ = try await harness.addAgent("plain", first: "Plain", last: "Agent")
            let plain = try await WebSession.login(client, .agent, "plain", "secret-plain")
            for (subaction, values) in [("", [:]), ("Add", [:]), ("Change", ["QueueID": "\(raw.id)"])] + changes {
                let refused = try await Self.submit(client, plain, subaction, values)
                #expect(refused.status == .forbidden && refused.page.contains("no permission to use AdminQueue"), "\(subaction)")
            }
            #expect(try await harness.store.queue(id: raw.id) == raw, "nothing changed")
            #expect(try await harness.store.queues().count == 3)
        }
    }
}

import ChatCore
import ChatEngine
import ChatJSON
import ChatStore
import Foundation
import Hummingbird
import HummingbirdTesting
import SysConfig
import Testing

@testable import ChatWeb

/// The admin screens and the preferences screens through HTTP: every Subaction refused to non-admins and
/// without the challenge token; what each one changes; failed forms that keep what was typed.
@Suite("Admin and preferences screens", .timeLimit(.minutes(3)))
struct AdminScreenTests {
    /// A form POSTed (or a GET) to index.pl or customer.pl; the status and the page.
    static func submit(_ client: any TestClientProtocol, _ session: WebSession, _ action: String, _ subaction: String,
        _ values: [String: String] = [:], token: Bool = true, method: HTTPRequest.Method = .post) async throws
        -> (status: HTTPResponse.Status, page: String)
    {
        var all = values
        all["Action"] = action
        all["Subaction"] = subaction
        if token { all["ChallengeToken"] = session.challenge ?? "" }
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie = session.cookie { headers[.cookie] = cookie }
        let response = method == .get
            ? try await client.execute(uri: "\(session.interface.script)?\(WebSession.form(all))", method: .get, headers: headers)
            : try await client.execute(uri: session.interface.script, method: .post, headers: headers,
                body: ByteBuffer(string: WebSession.form(all)))
        return (response.status, String(buffer: response.body))
    }

    static func admin(_ harness: WebHarness, _ client: any TestClientProtocol) async throws -> WebSession {
        try await WebSession.login(client, .agent, FirstStart.adminLogin, harness.credentials.agentPassword)
    }

    /// Whether the session still opens the agent's chat page (a session that ended gets the login form).
    static func isLoggedIn(_ client: any TestClientProtocol, _ session: WebSession) async throws -> Bool {
        let page = try await session.get(client, "Action=\(session.interface.homeAction)")
        return !String(buffer: page.body).contains("id=\"ce-login-form\"")
    }

    /// Every page Subaction of every admin screen, with parameters that would change something.
    static func everySubaction(group: Int64, role: Int64, agent: Int64, customer: Int64) -> [(String, String, [String: String])] {
        [
            ("Admin", "", [:]),
            ("AdminUser", "", [:]), ("AdminUser", "Add", [:]), ("AdminUser", "Change", ["UserID": "\(agent)"]),
            ("AdminUser", "AddAction", ["UserLogin": "forged", "UserFirstname": "F", "UserLastname": "G",
                                        "UserEmail": "f@example.com", "UserPw": "pw-forged", "ValidID": "1"]),
            ("AdminUser", "ChangeAction", ["UserID": "\(agent)", "UserLogin": "forged2", "UserFirstname": "F",
                                           "UserLastname": "G", "UserEmail": "f@example.com", "ValidID": "2"]),
            ("AdminGroup", "", [:]), ("AdminGroup", "Add", [:]), ("AdminGroup", "Change", ["GroupID": "\(group)"]),
            ("AdminGroup", "AddAction", ["Name": "forged-group", "ValidID": "1"]),
            ("AdminGroup", "ChangeAction", ["GroupID": "\(group)", "Name": "forged-name", "ValidID": "2"]),
            ("AdminRole", "", [:]), ("AdminRole", "Add", [:]), ("AdminRole", "Change", ["RoleID": "\(role)"]),
            ("AdminRole", "AddAction", ["Name": "forged-role", "ValidID": "1"]),
            ("AdminRole", "ChangeAction", ["RoleID": "\(role)", "Name": "forged-name", "ValidID": "2"]),
            ("AdminUserGroup", "", [:]), ("AdminUserGroup", "User", ["ID": "\(agent)"]),
            ("AdminUserGroup", "Group", ["ID": "\(group)"]),
            ("AdminUserGroup", "ChangeUser", ["ID": "\(agent)", "Lines": "\(group)", "K_\(group)_rw": "1"]),
            ("AdminUserGroup", "ChangeGroup", ["ID": "\(group)", "Lines": "\(agent)", "K_\(agent)_rw": "1"]),
            ("AdminRoleGroup", "", [:]), ("AdminRoleGroup", "Role", ["ID": "\(role)"]),
            ("AdminRoleGroup", "Group", ["ID": "\(group)"]),
            ("AdminRoleGroup", "ChangeRole", ["ID": "\(role)", "Lines": "\(group)", "K_\(group)_rw": "1"]),
            ("AdminRoleGroup", "ChangeGroup", ["ID": "\(group)", "Lines": "\(role)", "K_\(role)_rw": "1"]),
            ("AdminRoleUser", "", [:]), ("AdminRoleUser", "User", ["ID": "\(agent)"]),
            ("AdminRoleUser", "Role", ["ID": "\(role)"]),
            ("AdminRoleUser", "ChangeUser", ["ID": "\(agent)", "Lines": "\(role)", "K_\(role)_member": "1"]),
            ("AdminRoleUser", "ChangeRole", ["ID": "\(role)", "Lines": "\(agent)", "K_\(agent)_member": "1"]),
            ("AdminCustomerCompany", "", [:]), ("AdminCustomerCompany", "Add", [:]),
            ("AdminCustomerCompany", "Change", ["CustomerID": "example"]),
            ("AdminCustomerCompany", "AddAction", ["CustomerID": "forged", "CustomerCompanyName": "F", "ValidID": "1"]),
            ("AdminCustomerCompany", "ChangeAction", ["CustomerID": "example", "CustomerCompanyName": "Forged", "ValidID": "2"]),
            ("AdminCustomerUser", "", [:]), ("AdminCustomerUser", "Add", [:]),
            ("AdminCustomerUser", "Change", ["ID": "\(customer)"]),
            ("AdminCustomerUser", "AddAction", ["UserLogin": "forged", "UserFirstname": "F", "UserLastname": "G",
                                                "UserEmail": "f@example.com", "UserCustomerID": "example",
                                                "UserPassword": "pw", "ValidID": "1"]),
            ("AdminCustomerUser", "ChangeAction", ["ID": "\(customer)", "UserLogin": "forged", "UserFirstname": "F",
                                                   "UserLastname": "G", "UserEmail": "f@example.com",
                                                   "UserCustomerID": "example", "ValidID": "2"]),
        ]
    }

    /// What the forged changes above would have touched, to see that none happened.
    static func fingerprint(_ harness: WebHarness, agent: AgentID) async throws -> String {
        let store = harness.store
        let agents = try await store.agents().map { "\($0.login):\($0.isValid)" }
        let groups = try await store.allGroups().map { "\($0.name):\($0.isValid)" }
        let roles = try await store.roles().map { "\($0.name):\($0.isValid)" }
        let grants = try await store.grants(roles: false, holder: nil, group: nil).count
            + store.grants(roles: true, holder: nil, group: nil).count
        let members = try await store.memberships(agent: nil, role: nil).count
        let companies = try await store.customerCompanies(search: "", limit: 100).map { "\($0.customerID):\($0.name):\($0.isValid)" }
        let customers = try await store.customerUsers(search: "", limit: 100).map { "\($0.login):\($0.isValid)" }
        return "\(agents) \(groups) \(roles) \(grants) \(members) \(companies) \(customers)"
    }

    @Test("every Subaction: refused to an agent without rw on admin, and every change refused without the token or as a GET")
    func refusals() async throws {
        try await WebHarness.with { harness, client async throws in
            let admin = try await Self.admin(harness, client)
            let plainID = try await harness.addAgent("plain", first: "Plain", last: "Agent")
            let plain = try await WebSession.login(client, .agent, "plain", "secret-plain")
            let group = try await harness.store.addGroup("sales")
            let role = try await harness.store.addRole("chatters")
            let customer = try #require(try await harness.store.customerUser(login: harness.credentials.customerLogin))
            let cases = Self.everySubaction(group: group.id, role: role.id, agent: plainID.rawValue, customer: customer.id.rawValue)
            let before = try await Self.fingerprint(harness, agent: plainID)
            for (action, subaction, values) in cases {
                let refused = try await Self.submit(client, plain, action, subaction, values)
                #expect(refused.status == .forbidden, "\(action) \(subaction) for a non-admin: \(refused.status)")
                #expect(refused.page.contains("no permission to use \(action)"), "\(action) \(subaction) says why")
                let changes = subaction.hasSuffix("Action") || (subaction.hasPrefix("Change") && subaction != "Change")
                guard changes else {
                    let shown = try await Self.submit(client, admin, action, subaction, values, token: false, method: .get)
                    #expect(shown.status == .ok, "\(action) \(subaction) shows for an admin: \(shown.status)")
                    #expect(shown.page.contains("id=\"ce-nav-admin\""), "\(action) \(subaction) has the agent header")
                    continue
                }
                let tokenless = try await Self.submit(client, admin, action, subaction, values, token: false)
                #expect(tokenless.status == .forbidden, "\(action) \(subaction) without the token: \(tokenless.status)")
                #expect(tokenless.page.contains("Invalid challenge token"), "\(action) \(subaction) says why")
                let forged = try await Self.submit(client, WebSession(interface: .agent, cookie: admin.cookie, challenge: "forged"),
                    action, subaction, values)
                #expect(forged.status == .forbidden, "\(action) \(subaction) with a wrong token: \(forged.status)")
                let get = try await Self.submit(client, admin, action, subaction, values, method: .get)
                #expect(get.status == .methodNotAllowed, "\(action) \(subaction) as a GET: \(get.status)")
            }
            #expect(try await Self.fingerprint(harness, agent: plainID) == before, "no refused request changed anything")
            // the preferences screens are every agent's and customer user's own, with the same token rule
            #expect(try await Self.submit(client, plain, "AgentPreferences", "", method: .get).status == .ok)
            for subaction in ["Update", "UpdatePassword"] {
                let tokenless = try await Self.submit(client, plain, "AgentPreferences", subaction,
                    ["CurPw": "secret-plain", "NewPw": "x-new", "NewPw1": "x-new", "Sound": "1"], token: false)
                #expect(tokenless.status == .forbidden, "AgentPreferences \(subaction) without the token")
            }
            let customerSession = try await EverySubactionTests.customer(harness, client)
            #expect(try await Self.submit(client, customerSession, "CustomerPreferences", "", method: .get).status == .ok)
            let tokenless = try await Self.submit(client, customerSession, "CustomerPreferences", "UpdatePassword",
                ["CurPw": harness.credentials.customerPassword, "NewPw": "x-new", "NewPw1": "x-new"], token: false)
            #expect(tokenless.status == .forbidden)
            let plainStill = try await Self.isLoggedIn(client, plain)
            let customerStill = try await Self.isLoggedIn(client, customerSession)
            #expect(plainStill && customerStill, "nobody's password changed")
            // the toolbar links the overview only for admins
            let plainChat = String(buffer: try await plain.get(client, "Action=AgentChat").body)
            #expect(!plainChat.contains("id=\"ce-nav-admin\"") && plainChat.contains("id=\"ce-nav-preferences\""))
        }
    }

    @Test("AdminUser: add (named refusals keep what was typed), filter, edit, invalidate (sessions end), new password")
    func adminUser() async throws {
        try await WebHarness.with { harness, client async throws in
            let admin = try await Self.admin(harness, client)
            let typed = ["UserLogin": "anna", "UserFirstname": "Anna <b>", "UserLastname": "Agent",
                         "UserEmail": "not-an-address", "UserPw": "anna-pw-1", "ValidID": "1"]
            let bad = try await Self.submit(client, admin, "AdminUser", "AddAction", typed)
            #expect(bad.status == .badRequest)
            #expect(bad.page.contains("E-mail is not an e-mail address"), "the refusal names the field")
            #expect(bad.page.contains("value=\"Anna &lt;b&gt;\"") && !bad.page.contains("Anna <b>"), "kept, escaped")
            #expect(bad.page.contains("value=\"not-an-address\""))
            #expect(!bad.page.contains("anna-pw-1"), "a password never comes back")
            var good = typed
            good["UserEmail"] = "anna@example.com"
            let added = try await Self.submit(client, admin, "AdminUser", "AddAction", good)
            #expect(added.status == .ok && added.page.contains("Agent anna added."))
            let again = try await Self.submit(client, admin, "AdminUser", "AddAction", good)
            #expect(again.status == .conflict && again.page.contains("There is an agent with the login anna already."))
            let tooLong = try await Self.submit(client, admin, "AdminUser", "AddAction",
                good.merging(["UserLogin": String(repeating: "x", count: 300)]) { $1 })
            #expect(tooLong.status == .badRequest && tooLong.page.contains("Login is longer than 200 characters."))
            let spaced = try await Self.submit(client, admin, "AdminUser", "AddAction", good.merging(["UserLogin": "a b"]) { $1 })
            #expect(spaced.page.contains("Login may not contain spaces."))
            let longPassword = try await Self.submit(client, admin, "AdminUser", "AddAction",
                good.merging(["UserLogin": "bert", "UserPw": String(repeating: "ü", count: 40)]) { $1 })
            #expect(longPassword.page.contains("Password is longer than 72 bytes."))
            // the filter
            let filtered = try await Self.submit(client, admin, "AdminUser", "", ["Filter": "ANNA@"], token: false, method: .get)
            #expect(filtered.page.contains("data-login=\"anna\"") && !filtered.page.contains("data-login=\"root@localhost\""))
            let anna = try #require(try await harness.store.agent(login: "anna"))
            // a session of anna ends when she is made invalid, and she cannot log in again
            let annaSession = try await WebSession.login(client, .agent, "anna", "anna-pw-1")
            #expect(try await Self.isLoggedIn(client, annaSession))
            var change = good
            change["UserID"] = "\(anna.id.rawValue)"
            change["ValidID"] = "2"
            change["UserPw"] = ""
            let invalidated = try await Self.submit(client, admin, "AdminUser", "ChangeAction", change)
            #expect(invalidated.status == .ok && invalidated.page.contains("Agent anna updated."))
            #expect(!(try await Self.isLoggedIn(client, annaSession)), "the invalid agent's session ended")
            let refusedLogin = try await client.execute(uri: "/otrs/index.pl", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: WebSession.form(["Action": "Login", "User": "anna", "Password": "anna-pw-1"])))
            #expect(refusedLogin.status != .seeOther, "an invalid agent cannot log in")
            // valid again, with a new password: the old one stops working, sessions end again
            change["ValidID"] = "1"
            change["UserPw"] = "anna-pw-2"
            #expect(try await Self.submit(client, admin, "AdminUser", "ChangeAction", change).status == .ok)
            let second = try await WebSession.login(client, .agent, "anna", "anna-pw-2")
            change["UserPw"] = "anna-pw-3"
            #expect(try await Self.submit(client, admin, "AdminUser", "ChangeAction", change).status == .ok)
            #expect(!(try await Self.isLoggedIn(client, second)), "a new password ends the sessions of the old one")
            _ = try await WebSession.login(client, .agent, "anna", "anna-pw-3")
            // an admin cannot invalidate themselves
            let root = try #require(try await harness.store.agent(login: FirstStart.adminLogin))
            let selfInvalid = try await Self.submit(client, admin, "AdminUser", "ChangeAction", [
                "UserID": "\(root.id.rawValue)", "UserLogin": root.login, "UserFirstname": "Admin", "UserLastname": "OTRS",
                "UserEmail": "root@localhost.example.com", "ValidID": "2"])
            #expect(selfInvalid.status == .forbidden && selfInvalid.page.contains("you cannot invalidate your own account"))
            #expect(try await Self.isLoggedIn(client, admin))
        }
    }

    @Test("groups, roles and both matrices: chat_owner through a role makes a channel takeable; AdminChatChannel says when nobody can")
    func groupsRolesMatrices() async throws {
        try await WebHarness.with { harness, client async throws in
            let admin = try await Self.admin(harness, client)
            let anna = try await harness.env.engine.administration.createAgent(
                AgentAccount(login: "anna", firstName: "Anna", lastName: "Agent", email: "anna@example.com"), password: "anna-pw-1")
            #expect(try await Self.submit(client, admin, "AdminGroup", "AddAction", ["Name": "sales", "ValidID": "1"]).status == .ok)
            let duplicate = try await Self.submit(client, admin, "AdminGroup", "AddAction", ["Name": "sales", "ValidID": "1"])
            #expect(duplicate.status == .conflict && duplicate.page.contains("There is a group named sales already."))
            let adminGroup = try #require(try await harness.store.allGroups().first { $0.name == "admin" })
            let renameAdmin = try await Self.submit(client, admin, "AdminGroup", "ChangeAction",
                ["GroupID": "\(adminGroup.id)", "Name": "boss", "ValidID": "1"])
            #expect(renameAdmin.status == .forbidden && renameAdmin.page.contains("value=\"boss\""), "refused, typed name kept")
            #expect(try await Self.submit(client, admin, "AdminRole", "AddAction", ["Name": "chatters", "ValidID": "1"]).status == .ok)
            let sales = try #require(try await harness.store.allGroups().first { $0.name == "sales" })
            let chatters = try #require(try await harness.store.roles().first { $0.name == "chatters" })
            // a channel on sales: nobody can take its chats yet
            _ = try await EverySubactionTests.addChannel("Sales chat", by: admin, client)
            _ = try await harness.env.engine.administration.updateChannel(try #require(try await harness.store.channel(named: "Sales chat"))
                .with(group: "sales"))
            var channels = try await Self.submit(client, admin, "AdminChatChannel", "", token: false, method: .get)
            #expect(channels.page.contains("data-no-owners=\"sales\""), "the channel list warns")
            #expect(channels.page.contains("Action=AdminRoleGroup"), "and links to the matrix")
            // the role gets chat_owner on sales (from the role's side), anna gets the role (from the role's side)
            let granted = try await Self.submit(client, admin, "AdminRoleGroup", "ChangeRole",
                ["ID": "\(chatters.id)", "Lines": "\(sales.id)", "K_\(sales.id)_chat_owner": "1"])
            #expect(granted.status == .ok && granted.page.contains("Saved for chatters."))
            #expect(granted.page.contains("name=\"K_\(sales.id)_chat_owner\" value=\"1\" data-column=\"chat_owner\" aria-label=\"chat_owner\" checked"))
            let linked = try await Self.submit(client, admin, "AdminRoleUser", "ChangeRole",
                ["ID": "\(chatters.id)", "Lines": "\(anna.id.rawValue)", "K_\(anna.id.rawValue)_member": "1"])
            #expect(linked.status == .ok)
            #expect(try await harness.store.permissions(of: anna.id).chatLevel(onGroup: "sales") == .owner)
            // cached permissions look at the directory version every second: a generous bound
            var warned = true
            for _ in 0..<100 where warned {
                channels = try await Self.submit(client, admin, "AdminChatChannel", "", token: false, method: .get)
                warned = channels.page.contains("data-no-owners=\"sales\"")
                if warned { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(!warned, "someone can take them now")
            // the group's side of the role matrix shows the same; unticking there removes it
            let fromGroup = try await Self.submit(client, admin, "AdminRoleGroup", "Group", ["ID": "\(sales.id)"], token: false,
                method: .get)
            #expect(fromGroup.page.contains("name=\"K_\(chatters.id)_chat_owner\" value=\"1\" data-column=\"chat_owner\" aria-label=\"chat_owner\" checked"))
            #expect(try await Self.submit(client, admin, "AdminRoleGroup", "ChangeGroup",
                ["ID": "\(sales.id)", "Lines": "\(chatters.id)", "K_\(chatters.id)_chat_observer": "1"]).status == .ok)
            #expect(try await harness.store.grants(roles: true, holder: chatters.id, group: sales.id).map(\.permission) == [.chatObserver])
            // agents × groups from both sides
            #expect(try await Self.submit(client, admin, "AdminUserGroup", "ChangeUser",
                ["ID": "\(anna.id.rawValue)", "Lines": "\(sales.id)", "K_\(sales.id)_ro": "1", "K_\(sales.id)_chat_participant": "1"])
                .status == .ok)
            #expect(Set(try await harness.store.grants(roles: false, holder: anna.id.rawValue, group: sales.id).map(\.permission))
                == [.ro, .chatParticipant])
            #expect(try await Self.submit(client, admin, "AdminUserGroup", "ChangeGroup",
                ["ID": "\(sales.id)", "Lines": "\(anna.id.rawValue)"]).status == .ok)
            #expect(try await harness.store.grants(roles: false, holder: anna.id.rawValue, group: sales.id).isEmpty)
            // an agent's roles from the agent's side
            #expect(try await Self.submit(client, admin, "AdminRoleUser", "ChangeUser",
                ["ID": "\(anna.id.rawValue)", "Lines": "\(chatters.id)"]).status == .ok)
            #expect(try await harness.store.memberships(agent: anna.id, role: nil).isEmpty)
            // an unknown line is refused by name
            let stray = try await Self.submit(client, admin, "AdminUserGroup", "ChangeUser",
                ["ID": "\(anna.id.rawValue)", "Lines": "999999", "K_999999_rw": "1"])
            #expect(stray.status == .notFound && stray.page.contains("Not found: group 999999."))
            // invalid role and group: listed as such
            #expect(try await Self.submit(client, admin, "AdminRole", "ChangeAction",
                ["RoleID": "\(chatters.id)", "Name": "chatters", "ValidID": "2"]).status == .ok)
            let roles = try await Self.submit(client, admin, "AdminRole", "", token: false, method: .get)
            #expect(roles.page.contains("data-name=\"chatters\" class=\"ce-invalid\""))
        }
    }

    @Test("customer companies and users: search, add, edit, invalidate; the customer user changes their password")
    func customers() async throws {
        try await WebHarness.with { harness, client async throws in
            let admin = try await Self.admin(harness, client)
            let company = ["CustomerID": "acme", "CustomerCompanyName": "ACME & Söhne", "ValidID": "1"]
            #expect(try await Self.submit(client, admin, "AdminCustomerCompany", "AddAction", company).status == .ok)
            let twice = try await Self.submit(client, admin, "AdminCustomerCompany", "AddAction", company)
            #expect(twice.status == .conflict && twice.page.contains("value=\"ACME &amp; Söhne\""))
            let search = try await Self.submit(client, admin, "AdminCustomerCompany", "", ["Search": "söhne"], token: false, method: .get)
            #expect(search.page.contains("data-customer-id=\"acme\"") && !search.page.contains("data-customer-id=\"example\""))
            let user = ["UserLogin": "carla", "UserFirstname": "Carla", "UserLastname": "Kunde", "UserEmail": "carla@example.com",
                        "UserCustomerID": "nope", "UserPassword": "carla-pw-1", "ValidID": "1"]
            let noCompany = try await Self.submit(client, admin, "AdminCustomerUser", "AddAction", user)
            #expect(noCompany.status == .forbidden && noCompany.page.contains("there is no customer company nope"))
            #expect(noCompany.page.contains("value=\"carla@example.com\""))
            #expect(try await Self.submit(client, admin, "AdminCustomerUser", "AddAction",
                user.merging(["UserCustomerID": "acme"]) { $1 }).status == .ok)
            let found = try await Self.submit(client, admin, "AdminCustomerUser", "", ["Search": "KUNDE"], token: false, method: .get)
            #expect(found.page.contains("data-login=\"carla\""))
            // carla logs in and changes her password: wrong current one, mismatch, then fine; her session stays
            let carla = try await WebSession.login(client, .customer, "carla", "carla-pw-1")
            let other = try await WebSession.login(client, .customer, "carla", "carla-pw-1")
            let wrong = try await Self.submit(client, carla, "CustomerPreferences", "UpdatePassword",
                ["CurPw": "nope", "NewPw": "carla-pw-2", "NewPw1": "carla-pw-2"])
            #expect(wrong.status == .badRequest && wrong.page.contains("Current password is wrong."))
            let mismatch = try await Self.submit(client, carla, "CustomerPreferences", "UpdatePassword",
                ["CurPw": "carla-pw-1", "NewPw": "carla-pw-2", "NewPw1": "carla-pw-3"])
            #expect(mismatch.page.contains("The new passwords do not match."))
            let changed = try await Self.submit(client, carla, "CustomerPreferences", "UpdatePassword",
                ["CurPw": "carla-pw-1", "NewPw": "carla-pw-2", "NewPw1": "carla-pw-2"])
            #expect(changed.status == .ok && changed.page.contains("Your password was changed"))
            #expect(try await Self.isLoggedIn(client, carla), "the session that changed it stays")
            #expect(!(try await Self.isLoggedIn(client, other)), "her other sessions ended")
            let renewed = try await WebSession.login(client, .customer, "carla", "carla-pw-2")
            // made invalid: logged out and refused
            let id = try #require(try await harness.store.customerUser(login: "carla")).id.rawValue
            let invalid = try await Self.submit(client, admin, "AdminCustomerUser", "ChangeAction",
                user.merging(["ID": "\(id)", "UserCustomerID": "acme", "UserPassword": "", "ValidID": "2"]) { $1 })
            #expect(invalid.status == .ok && invalid.page.contains("Customer user carla updated."))
            let renewedStill = try await Self.isLoggedIn(client, renewed)
            let carlaStill = try await Self.isLoggedIn(client, carla)
            #expect(!renewedStill && !carlaStill, "an invalid customer user's sessions end")
            #expect(try await harness.env.engine.sessions.loginCustomer("carla", password: "carla-pw-2") == nil)
            // the company: name and validity change, its ID does not
            #expect(try await Self.submit(client, admin, "AdminCustomerCompany", "ChangeAction",
                ["CustomerID": "acme", "CustomerCompanyName": "ACME", "ValidID": "2"]).status == .ok)
            let acme = try #require(try await harness.store.customerCompany(id: "acme"))
            #expect(acme.name == "ACME" && !acme.isValid)
        }
    }

    @Test("AgentPreferences: channels, notifications, sound and time zone stored and handed to the chat page; own password")
    func agentPreferences() async throws {
        try await WebHarness.with { harness, client async throws in
            let admin = try await Self.admin(harness, client)
            let defaultChannel = try await harness.env.service.defaultChannel()
            let page = try await Self.submit(client, admin, "AgentPreferences", "", token: false, method: .get)
            #expect(page.page.contains("name=\"Channel_\(defaultChannel.id.rawValue)\""))
            let badZone = try await Self.submit(client, admin, "AgentPreferences", "Update",
                ["Channels": "\(defaultChannel.id.rawValue)", "Sound": "1", "TimeZone": "Mars/Olympus"])
            #expect(badZone.status == .badRequest && badZone.page.contains("Time zone is not a known time zone."))
            #expect(badZone.page.contains("id=\"ce-pref-sound\" name=\"Sound\" value=\"1\" checked"), "the typed choice is kept")
            let saved = try await Self.submit(client, admin, "AgentPreferences", "Update",
                ["Channels": "\(defaultChannel.id.rawValue)", "Channel_\(defaultChannel.id.rawValue)": "1", "Sound": "1",
                 "TimeZone": "Europe/Berlin"])
            #expect(saved.status == .ok && saved.page.contains("Your preferences were saved."))
            #expect(saved.page.contains("<option value=\"Europe/Berlin\" selected>"))
            let chat = try #require(WebSession.pageConfig(String(buffer: try await admin.get(client, "Action=AgentChat").body)))
            #expect(chat["Settings"]?["Sound"] == .bool(true))
            #expect(chat["Settings"]?["Notifications"] == .bool(false), "notifications unticked")
            #expect(chat["Settings"]?["TimeZone"] == .string("Europe/Berlin"))
            // the chat page's own sound switch writes the same choice
            let sound = try await admin.post(client, "AgentChat", "UpdateSound", ["Sound": "0"])
            #expect(sound.status == .ok && sound.json.data?["Sound"] == .bool(false))
            #expect(try await harness.env.service.preferences(of: try #require(try await harness.store.agent(login: FirstStart.adminLogin)).id).sound == false)
            // own password: the current one is checked; other sessions end, this one stays
            let other = try await Self.admin(harness, client)
            let changed = try await Self.submit(client, admin, "AgentPreferences", "UpdatePassword",
                ["CurPw": harness.credentials.agentPassword, "NewPw": "root-pw-2", "NewPw1": "root-pw-2"])
            #expect(changed.status == .ok && changed.page.contains("Your password was changed"))
            #expect(try await Self.isLoggedIn(client, admin))
            #expect(!(try await Self.isLoggedIn(client, other)))
            _ = try await WebSession.login(client, .agent, FirstStart.adminLogin, "root-pw-2")
        }
    }

    @Test("beside a ticket system the people screens say so, the overview leaves them out, AdminChatChannel stays")
    func peopleElsewhere() async throws {
        let harness = try await WebHarness.make()
        let elsewhere = ReadOnlyPeople(inner: harness.env.engine.chats.people)
        let engine = Engine(store: harness.store, settings: { harness.env.live.current.chatEngine }, people: elsewhere)
        let env = WebEnvironment(engine: engine, live: harness.env.live, pages: harness.env.pages)
        let router = ChatWebApplication.router(live: env.live, environment: env, publicDirectory: nil)
        let app = Application(router: router, server: ChatWebApplication.server(router: router, limits: HTTPLimits(env.live.current.chatEngine)))
        do {
            try await app.test(.router) { client in
                let admin = try await Self.admin(harness, client)
                for action in ["AdminUser", "AdminGroup", "AdminRole", "AdminUserGroup", "AdminRoleGroup", "AdminRoleUser",
                               "AdminCustomerCompany", "AdminCustomerUser"] {
                    let page = try await Self.submit(client, admin, action, "", token: false, method: .get)
                    #expect(page.page.contains("are managed there"), "\(action) says where people are managed")
                }
                let added = try await Self.submit(client, admin, "AdminUser", "AddAction", ["UserLogin": "x", "UserFirstname": "X",
                    "UserLastname": "Y", "UserEmail": "x@example.com", "UserPw": "pw", "ValidID": "1"])
                #expect(added.page.contains("are managed there"))
                #expect(try await harness.store.agent(login: "x") == nil)
                let overview = try await Self.submit(client, admin, "Admin", "", token: false, method: .get)
                #expect(overview.page.contains("Action=AdminChatChannel") && !overview.page.contains("Action=AdminUser\""))
                #expect(overview.page.contains("id=\"ce-people-elsewhere\""))
                let preferences = try await Self.submit(client, admin, "AgentPreferences", "", token: false, method: .get)
                #expect(preferences.page.contains("id=\"ce-password-elsewhere\"") && !preferences.page.contains("ce-password-form"))
                #expect(try await Self.submit(client, admin, "AdminChatChannel", "", token: false, method: .get).status == .ok)
            }
        } catch {
            await harness.destroy()
            throw error
        }
        await harness.destroy()
    }
}

/// ChatEngine's own people, but said to be managed elsewhere (as beside a ticket system).
struct ReadOnlyPeople: PeopleDirectory {
    let inner: any PeopleDirectory
    var name: String { "the ticket system (test)" }
    var managesPeople: Bool { false }
    func authenticateAgent(login: String, password: String) async throws -> LoginOutcome<AgentID> {
        try await inner.authenticateAgent(login: login, password: password)
    }
    func authenticateCustomer(login: String, password: String) async throws -> LoginOutcome<CustomerUserID> {
        try await inner.authenticateCustomer(login: login, password: password)
    }
    func permissions(of agent: AgentID) async throws -> AgentPermissions { try await inner.permissions(of: agent) }
    func refresh() async throws -> [AgentID] { [] }
    func problem() -> String? { nil }
    var ticketSessionCookies: TicketSessionCookies? { nil }
    func signOn(ticketSession id: String, asAgent: Bool, clientAddress: String, now: Date) async throws -> LoginOutcome<SignedOn> {
        .refused
    }
    func ticketSessionExists(_ id: String) async -> Bool? { nil }
}

extension ChatChannel {
    func with(group: String) -> ChatChannel {
        var copy = self
        copy.group = group
        return copy
    }
}

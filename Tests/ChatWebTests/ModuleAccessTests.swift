import ChatCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

@Suite("Module registrations, groups, ChatEngine::Active and AdminChatChannel", .timeLimit(.minutes(2)))
struct ModuleAccessTests {
    @Test("an Action missing from Frontend::Module is unreachable")
    func unregistered() async throws {
        try await WebHarness.with("    delete $Self->{'Frontend::Module'}->{'AgentChatPopup'};") { harness, client async throws in
            let agent = try await WebSession.login(client, .agent, "root@localhost", harness.credentials.agentPassword)
            #expect(try await agent.get(client, "Action=AgentChatPopup;ChatID=1").status == .notFound)
            #expect(try await agent.get(client, "Action=NoSuchModule").status == .notFound)
            // customer.pl does not serve agent Actions
            let customer = try await WebSession.login(client, .customer, harness.credentials.customerLogin,
                harness.credentials.customerPassword)
            #expect(try await customer.get(client, "Action=AgentChat").status == .notFound)
        }
    }

    @Test("with ChatEngine::Active off the chat Actions answer 'Chat is not active'")
    func inactive() async throws {
        try await WebHarness.with("    $Self->{'ChatEngine::Active'} = 0;") { harness, client async throws in
            let agent = try await WebSession.login(client, .agent, "root@localhost", harness.credentials.agentPassword)
            let page = try await agent.get(client, "Action=AgentChat")
            #expect(String(buffer: page.body).contains("Chat is not active."))
            let json = try await agent.post(client, "AgentChat", "ChatListUpdate", challenge: false)
            #expect(json.json.errorCode == "ChatNotActive")
            let visitor = try await client.execute(uri: "/otrs/public.pl?Action=PublicChat", method: .get)
            #expect(String(buffer: visitor.body).contains(harness.env.settings.texts.publicNoAgentsAvailable),
                "visitors read the operator's text")
            #expect(!String(buffer: visitor.body).contains("ChatEngine::"))
            // administration is not a chat Action: it stays usable
            #expect(try await agent.get(client, "Action=AdminChatChannel").status == .ok)
        }
    }

    @Test("AdminChatChannel: admins only; the default channel is neither deleted nor invalidated; unused channels go")
    func adminChatChannel() async throws {
        try await WebHarness.with { harness, client async throws in
            let admin = try await WebSession.login(client, .agent, "root@localhost", harness.credentials.agentPassword)
            let defaultChannel = try await harness.env.service.defaultChannel()
            func submit(_ values: [String: String], as session: WebSession = admin) async throws -> (HTTPResponse.Status, String) {
                var all = values
                all["Action"] = "AdminChatChannel"
                all["ChallengeToken"] = session.challenge
                let response = try await client.execute(uri: "/otrs/index.pl", method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded", .cookie: session.cookie ?? ""],
                    body: ByteBuffer(string: WebSession.form(all)))
                return (response.status, String(buffer: response.body))
            }
            let (deleteStatus, deleteBody) = try await submit(["Subaction": "Delete", "ChatChannelID": "\(defaultChannel.id.rawValue)"])
            #expect(deleteStatus == .conflict && deleteBody.contains("cannot be deleted"))
            let (invalidStatus, invalidBody) = try await submit(["Subaction": "ChangeAction",
                "ChatChannelID": "\(defaultChannel.id.rawValue)", "Name": defaultChannel.name, "GroupID": "users", "ValidID": "2"])
            #expect(invalidStatus == .conflict && invalidBody.contains("cannot be invalidated"))
            let (addStatus, addBody) = try await submit(["Subaction": "AddAction", "Name": "Billing <b>", "GroupID": "users",
                "ValidID": "1", "Comment": ""])
            #expect(addStatus == .ok && addBody.contains("Billing &lt;b&gt;") && !addBody.contains("Billing <b>"))
            let billing = try #require(try await harness.store.channel(named: "Billing <b>"))
            let (removeStatus, removeBody) = try await submit(["Subaction": "Delete", "ChatChannelID": "\(billing.id.rawValue)"])
            #expect(removeStatus == .ok && removeBody.contains("deleted"))
            #expect(try await harness.store.channel(named: "Billing <b>") == nil)
            // without the challenge token nothing changes
            var forged = admin
            forged = WebSession(interface: .agent, cookie: admin.cookie, challenge: "forged")
            let (forgedStatus, _) = try await submit(["Subaction": "Delete", "ChatChannelID": "\(defaultChannel.id.rawValue)"], as: forged)
            #expect(forgedStatus == .forbidden)
            // an agent without rw on admin is refused
            _ = try await harness.addAgent("plain", first: "Plain", last: "Agent")
            let plain = try await WebSession.login(client, .agent, "plain", "secret-plain")
            let page = try await plain.get(client, "Action=AdminChatChannel")
            #expect(page.status == .forbidden)
            #expect(String(buffer: page.body).contains("Action=Logout"), "a refused page still has the logout link")
            // without a group for AgentChat the chat page says why (issue 10, item 11)
            _ = try await harness.addAgent("nochat", first: "No", last: "Chat", permissions: [])
            let noChat = try await WebSession.login(client, .agent, "nochat", "secret-nochat")
            let chat = try await noChat.get(client, "Action=AgentChat")
            let chatText = String(buffer: chat.body)
            #expect(chat.status == .forbidden && chatText.contains("No access to the chat"))
            #expect(chatText.contains("id=\"ce-logout\"") && chatText.contains("Action=Logout;ChallengeToken="))
            let (plainStatus, _) = try await submit(["Subaction": "AddAction", "Name": "X", "GroupID": "users"], as: plain)
            #expect(plainStatus == .forbidden)
            #expect(try await harness.store.channel(named: "X") == nil)
        }
    }

    @Test("pages carry CSP; only the IsIframe public page may be framed by other sites")
    func framing() async throws {
        try await WebHarness.with { harness, client async throws in
            let framed = try await client.execute(uri: "/otrs/public.pl?Action=PublicChat;IsIframe=1", method: .get)
            #expect(framed.headers[.contentSecurityPolicy]?.contains("frame-ancestors *") == true)
            #expect(!String(buffer: framed.body).contains("id=\"ce-header\""))
            let plain = try await client.execute(uri: "/otrs/public.pl?Action=PublicChat", method: .get)
            #expect(plain.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'self'") == true)
            let config = try #require(WebSession.pageConfig(String(buffer: framed.body)))
            #expect(config["IsIframe"] == .bool(true))
        }
    }
}

import ChatCore
import ChatEngine
import ChatJSON
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

/// Shared steps: an agent who staffs the default channel, a visitor who asks for a chat.
enum Flow {
    static func externalAgent(_ harness: WebHarness, _ client: any TestClientProtocol, login: String = "root@localhost",
        password: String? = nil) async throws -> WebSession
    {
        let agent = try await WebSession.login(client, .agent, login, password ?? harness.credentials.agentPassword)
        let set = try await agent.post(client, "AgentChat", "SetAvailability", ["Availability": "external"])
        #expect(set.json.data?["Availability"] == "external")
        return agent
    }

    static func visitorRequest(_ client: any TestClientProtocol, name: String = "Ann Visitor", message: String = "Hello")
        async throws -> (visitor: WebSession, chat: String)
    {
        let created = try await WebSession.visitor.post(client, "PublicChat", "CreateChatRequest",
            ["Name": name, "Message": message])
        #expect(created.status == .ok, "\(created.json.text)")
        var visitor = WebSession.visitor
        visitor.visitorToken = created.json.data?["VisitorToken"]?.stringValue
        return (visitor, created.json.data?["ChatID"]?.stringValue ?? "")
    }

    static func texts(_ history: JSON) -> [String] {
        (history.data?["Events"]?.array ?? []).compactMap { $0["Text"]?.stringValue }
    }
}

@Suite("AgentChat, PublicChat and CustomerChat over HTTP", .timeLimit(.minutes(2)))
struct ChatFlowTests {
    @Test("a visitor's request reaches the agent, who accepts; messages both ways; internal notes stay with agents")
    func publicChat() async throws {
        try await WebHarness.with { harness, client async throws in
            // nobody staffs the channel yet: refused with the channel's name
            let early = try await WebSession.visitor.post(client, "PublicChat", "CreateChatRequest", ["Name": "A", "Message": "Hi"])
            #expect(early.status == .badRequest && early.json.errorCode == "ChannelNotStaffed")
            let agent = try await Flow.externalAgent(harness, client)
            let (visitor, chat) = try await Flow.visitorRequest(client, message: "Grüße 你好 👋🏽")
            let requests = try await agent.post(client, "AgentChat", "ChatGetOpenRequests")
            #expect(requests.json.data?["Requests"]?["Public"]?.array.count == 1)
            let preview = try await agent.post(client, "AgentChatPreview", "", ["ChatID": chat], challenge: false)
            #expect(Flow.texts(preview.json).contains("Grüße 你好 👋🏽"))
            #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": chat]).json.ok)
            // a second accept is a conflict
            let again = try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": chat])
            #expect(again.status == .conflict && again.json.errorCode == "AlreadyAccepted")
            #expect(try await agent.post(client, "AgentChat", "ChatMessageAdd", ["ChatID": chat, "Message": "How can I help?"]).json.ok)
            #expect(try await agent.post(client, "AgentChat", "ChatMessageAdd",
                ["ChatID": chat, "Message": "note for agents", "Internal": "1"]).json.ok)
            let sent = try await visitor.post(client, "PublicChat", "ChatMessageAdd",
                ["ChatID": chat, "Message": "Thanks", "CommandID": "v-1"])
            let resent = try await visitor.post(client, "PublicChat", "ChatMessageAdd",
                ["ChatID": chat, "Message": "Thanks", "CommandID": "v-1"])
            #expect(sent.json.data?["Seq"] == resent.json.data?["Seq"])
            let seen = Flow.texts(try await visitor.post(client, "PublicChat", "ChatUpdate", ["ChatID": chat]).json)
            #expect(seen.contains("How can I help?") && !seen.contains("note for agents"))
            #expect(seen.filter { $0 == "Thanks" }.count == 1)
            #expect(seen.contains("Support Agent 1 has joined the chat."))
            let agentSeen = Flow.texts(try await agent.post(client, "AgentChat", "ChatHistory", ["ChatID": chat], challenge: false).json)
            #expect(agentSeen.contains("note for agents"))
            // another visitor cannot read or write this chat
            let (other, _) = try await Flow.visitorRequest(client, name: "Eve")
            let foreign = try await other.post(client, "PublicChat", "ChatUpdate", ["ChatID": chat])
            #expect(foreign.status == .forbidden && foreign.json.errorCode == "NotInChat")
            let write = try await other.post(client, "PublicChat", "ChatMessageAdd", ["ChatID": chat, "Message": "x"])
            #expect(write.status == .forbidden)
            // a forged visitor token is nobody
            var forged = WebSession.visitor
            forged.visitorToken = String(repeating: "0", count: 64)
            #expect(try await forged.post(client, "PublicChat", "ChatUpdate", ["ChatID": chat]).json.errorCode == "NoSession")
            #expect(try await agent.post(client, "AgentChat", "ChatDiscard", ["ChatID": chat]).json.ok)
            let closed = try await agent.post(client, "AgentChat", "ClosedChats", ["Search": "Ann"], challenge: false)
            #expect(closed.json.data?["Chats"]?.array.count == 1)
        }
    }

    @Test("state changes need POST and the challenge token")
    func challengeToken() async throws {
        try await WebHarness.with { harness, client async throws in
            let agent = try await WebSession.login(client, .agent, "root@localhost", harness.credentials.agentPassword)
            let missing = try await agent.post(client, "AgentChat", "SetAvailability", ["Availability": "external"], challenge: false)
            #expect(missing.status == .forbidden && missing.json.errorCode == "ChallengeToken")
            let viaGet = try await agent.post(client, "AgentChat", "SetAvailability", ["Availability": "external"], method: .get)
            #expect(viaGet.status == .methodNotAllowed)
            let customer = try await WebSession.login(client, .customer, harness.credentials.customerLogin,
                harness.credentials.customerPassword)
            let noToken = try await customer.post(client, "CustomerChat", "CreateChatRequest", ["Message": "Hi"], challenge: false)
            #expect(noToken.json.errorCode == "ChallengeToken")
            let unknown = try await agent.post(client, "AgentChat", "NoSuchThing")
            #expect(unknown.json.errorCode == "UnknownSubaction")
        }
    }

    @Test("invite a second agent: observer is invisible to the visitor, then participant shows as Support Agent 2")
    func inviteAndRoles() async throws {
        try await WebHarness.with { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let secondID = try await harness.addAgent("second", first: "Sam", last: "Second")
            let second = try await WebSession.login(client, .agent, "second", "secret-second")
            let (visitor, chat) = try await Flow.visitorRequest(client)
            #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": chat]).json.ok)
            let list = try await agent.post(client, "AgentChat", "GetInviteAgentList", ["ChatID": chat], challenge: false)
            #expect(list.json.data?["Agents"]?.array.contains { $0["UserID"]?.int == secondID.rawValue } == true)
            #expect(try await agent.post(client, "AgentChat", "InviteAgent", ["ChatID": chat, "UserID": "\(secondID.rawValue)"]).json.ok)
            #expect(try await second.post(client, "AgentChat", "ChatRoleSwitch", ["ChatID": chat, "Role": "Observer"]).json.ok)
            #expect(try await second.post(client, "AgentChat", "ChatMessageAdd",
                ["ChatID": chat, "Message": "observer note", "Internal": "1"]).json.ok)
            var seen = Flow.texts(try await visitor.post(client, "PublicChat", "ChatUpdate", ["ChatID": chat]).json)
            #expect(!seen.contains { $0.contains("Sam") || $0.contains("observer") || $0.contains("Agent 2") })
            #expect(try await second.post(client, "AgentChat", "ChatRoleSwitch", ["ChatID": chat, "Role": "Participant"]).json.ok)
            seen = Flow.texts(try await visitor.post(client, "PublicChat", "ChatUpdate", ["ChatID": chat]).json)
            #expect(seen.contains("Support Agent 2 has joined the chat."))
            let level = try await second.post(client, "AgentChat", "PermissionLevel", ["ChatID": chat], challenge: false)
            #expect(level.json.data?["PermissionLevel"] == "participant")
            #expect(try await second.post(client, "AgentChat", "ChatMonitorSwitch",
                ["ChatID": chat, "MonitoringType": "all_actions"]).json.ok)
            #expect(try await second.post(client, "AgentChat", "LeaveChat", ["ChatID": chat]).json.ok)
        }
    }

    @Test("the public page offers the start form only while a request could be made (issue 10, item 5)")
    func publicPageSaysAtOnce() async throws {
        try await WebHarness.with { harness, client async throws in
            func page() async throws -> String {
                String(buffer: try await client.execute(uri: "/otrs/public.pl?Action=PublicChat", method: .get).body)
            }
            let nobody = try await page()
            #expect(nobody.contains(harness.env.settings.texts.publicNoAgentsAvailable), "no agent staffs the default channel")
            #expect(nobody.contains("novalidate hidden>"))
            _ = try await Flow.externalAgent(harness, client)
            let staffed = try await page()
            #expect(staffed.contains("<form id=\"ce-public-form\" class=\"ce-box ce-form\" novalidate>"))
            #expect(staffed.contains("role=\"status\" hidden>"), "the text is hidden")
        }
    }

    @Test("channel change only to a valid, staffed channel; disabled direction refused")
    func channelsAndDirections() async throws {
        try await WebHarness.with("    $Self->{'ChatEngine::ChatDirection::PublicToAgent'} = 0;") { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let refused = try await WebSession.visitor.post(client, "PublicChat", "CreateChatRequest", ["Name": "A", "Message": "Hi"])
            #expect(refused.status == .forbidden && refused.json.errorCode == "DirectionDisabled")
            #expect(!(refused.json.text.contains("ChatEngine::")), "no setting names for visitors")
            // the page says so at once: the operator's text, no start form
            let page = String(buffer: try await client.execute(uri: "/otrs/public.pl?Action=PublicChat", method: .get).body)
            #expect(page.contains("<p id=\"ce-public-unavailable\" class=\"ce-box ce-unavailable\" role=\"status\">"))
            #expect(page.contains("<form id=\"ce-public-form\" class=\"ce-box ce-form\" novalidate hidden>"))
            let customer = try await WebSession.login(client, .customer, harness.credentials.customerLogin,
                harness.credentials.customerPassword)
            let created = try await customer.post(client, "CustomerChat", "CreateChatRequest", ["Message": "Invoice question"])
            let chat = try #require(created.json.data?["ChatID"]?.stringValue)
            #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": chat]).json.ok)
            // a channel in a group nobody staffs
            _ = try await harness.store.addGroup("sales")
            let sales = try await harness.env.engine.administration.addChannel(name: "Sales", group: "sales", comment: "")
            let unstaffed = try await agent.post(client, "AgentChat", "ChangeChannel",
                ["ChatID": chat, "ChatChannelID": "\(sales.id.rawValue)"])
            #expect(unstaffed.json.errorCode == "ChannelNotStaffed" || unstaffed.json.errorCode == "NotPermitted")
            let second = try await harness.env.engine.administration.addChannel(name: "Second level", group: "users", comment: "")
            #expect(try await agent.post(client, "AgentChat", "ChangeChannel",
                ["ChatID": chat, "ChatChannelID": "\(second.id.rawValue)"]).json.ok)
            let overview = try await customer.post(client, "CustomerChat", "ChatOverview", challenge: false)
            #expect(overview.json.data?["Chats"]?.array.first?["ChannelName"] == "Second level")
        }
    }

    @Test("an agent starts a chat with a customer user, who accepts it; another customer cannot")
    func agentToCustomer() async throws {
        try await WebHarness.with { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let customer = try await WebSession.login(client, .customer, harness.credentials.customerLogin,
                harness.credentials.customerPassword)
            _ = try await customer.post(client, "CustomerChat", "Heartbeat", ["Input": "1"])
            let online = try await agent.post(client, "AgentChat", "UpdateOnlineUsers", challenge: false)
            #expect(online.json.data?["Customers"]?.array.first?["Login"] == .string(harness.credentials.customerLogin))
            let started = try await agent.post(client, "AgentChat", "ChatStart",
                ["UserType": "Customer", "UserID": harness.credentials.customerLogin, "Message": "About your ticket"])
            let chat = try #require(started.json.data?["ChatID"]?.stringValue)
            let requests = try await customer.post(client, "CustomerChat", "ChatGetOpenRequests", challenge: false)
            #expect(requests.json.data?["Requests"]?.array.count == 1)
            _ = try await harness.env.engine.administration.addCustomerUser(login: "other", customerID: "example", email: "o@example.com",
                firstName: "O", lastName: "Ther", password: "secret-other")
            let other = try await WebSession.login(client, .customer, "other", "secret-other")
            #expect(try await other.post(client, "CustomerChat", "ChatRequestAccept", ["ChatID": chat]).status == .forbidden)
            #expect(try await customer.post(client, "CustomerChat", "ChatRequestAccept", ["ChatID": chat]).json.ok)
            #expect(try await customer.post(client, "CustomerChat", "ChatMessageAdd", ["ChatID": chat, "Message": "Yes?"]).json.ok)
            #expect(try await customer.post(client, "CustomerChat", "ChatClose", ["ChatID": chat]).json.ok)
        }
    }

    @Test("public requests are limited per IP per hour")
    func publicLimit() async throws {
        try await WebHarness.with("    $Self->{'ChatEngine::PublicInterface::MaxRequestsPerHourPerIP'} = 2;", limits: false)
        { harness, client async throws in
            _ = try await Flow.externalAgent(harness, client)
            for _ in 0..<2 { _ = try await Flow.visitorRequest(client) }
            let third = try await WebSession.visitor.post(client, "PublicChat", "CreateChatRequest", ["Name": "A", "Message": "Hi"])
            #expect(third.status == .tooManyRequests && third.json.errorCode == "RateLimited")
            harness.clock.advance(3601)
            _ = try await Flow.externalAgent(harness, client)
            _ = try await Flow.visitorRequest(client)
        }
    }
}

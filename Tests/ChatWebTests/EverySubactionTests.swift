import ChatCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

/// The Subactions the flow tests do not walk through, each called once with its answer checked.
@Suite("Every remaining Subaction answers", .timeLimit(.minutes(2)))
struct EverySubactionTests {
    @Test("AgentChat's lists, preferences and availability; AgentChatAvailability; AgentChatPopup")
    func agentSubactions() async throws {
        try await WebHarness.with { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let (_, chat) = try await Flow.visitorRequest(client)
            let snapshot = try await agent.post(client, "AgentChat", "ChatListUpdate", challenge: false)
            #expect(snapshot.json.data?["Me"]?["Availability"] == "external")
            let channels = try await agent.post(client, "AgentChat", "Channels", challenge: false)
            let channel = try #require(channels.json.data?["Channels"]?.array.first)
            #expect(channel["Default"] == .bool(true) && channel["Staffed"] == .bool(true))
            #expect(try await agent.post(client, "AgentChat", "GetAvailability", challenge: false).json.data?["Availability"] == "external")
            #expect(try await agent.post(client, "AgentChat", "UpdateChatOrder", ["ChatOrder": "Prepend"]).json.data?["ChatOrder"] == "Prepend")
            let mine = try await agent.post(client, "AgentChat", "MyChannels", ["ChatChannelIDs": channel["ChatChannelID"]?.stringValue ?? ""])
            #expect(mine.json.data?["Channels"]?.array.first?["Mine"] == .bool(true))
            let filtered = try await agent.post(client, "AgentChat", "ChatGetOpenRequests", ["Filter": "Mine"])
            #expect(filtered.json.data?["Requests"]?["Public"]?.array.count == 1)
            // declining a general request hides it for this agent only
            #expect(try await agent.post(client, "AgentChat", "DeclineRequest", ["ChatID": chat]).json.ok)
            let after = try await agent.post(client, "AgentChat", "ChatGetOpenRequests")
            #expect(after.json.data?["Requests"]?["Public"]?.array.isEmpty == true)
            // the toolbar Action: read without a token, change only with one
            let availability = try await agent.get(client, "Action=AgentChatAvailability")
            #expect(JSON.parse(String(buffer: availability.body))?.data?["Availability"] == "external")
            let set = try await agent.post(client, "AgentChatAvailability", "SetAvailability", ["Availability": "internal"])
            #expect(set.json.data?["Availability"] == "internal")
            let forged = try await agent.post(client, "AgentChatAvailability", "SetAvailability", ["Availability": "external"],
                challenge: false)
            #expect(forged.json.errorCode == "ChallengeToken")
            let popup = try await agent.get(client, "Action=AgentChatPopup;ChatID=\(chat)")
            #expect(popup.status == .ok)
            #expect(WebSession.pageConfig(String(buffer: popup.body))?["ChatID"]?.stringValue == chat)
            #expect(try await agent.get(client, "Action=AgentChatPopup;ChatID=999").status == .notFound)
        }
    }

    @Test("CustomerChat and PublicChat: Channels, ChatScreen, ChatLeave, ChatCompleted, DeclineRequest")
    func chatterSubactions() async throws {
        try await WebHarness.with { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let customer = try await WebSession.login(client, .customer, harness.credentials.customerLogin,
                harness.credentials.customerPassword)
            let channels = try await customer.post(client, "CustomerChat", "Channels", challenge: false)
            #expect(channels.json.data?["Channels"]?.array.count == 1)
            let screen = try await customer.get(client, "Action=CustomerChat;Subaction=ChatScreen")
            #expect(WebSession.pageConfig(String(buffer: screen.body))?["Settings"]?["AllowChannels"] == .bool(true))
            // an agent's request, declined by the customer
            let started = try await agent.post(client, "AgentChat", "ChatStart",
                ["UserType": "Customer", "UserID": harness.credentials.customerLogin, "Message": "Hi"])
            let chat = try #require(started.json.data?["ChatID"]?.stringValue)
            #expect(try await customer.post(client, "CustomerChat", "DeclineRequest", ["ChatID": chat]).json.ok)
            // the customer's own request: leave it; ChatCompleted afterwards changes nothing
            let own = try await customer.post(client, "CustomerChat", "CreateChatRequest", ["Message": "Question"])
            let ownChat = try #require(own.json.data?["ChatID"]?.stringValue)
            #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": ownChat]).json.ok)
            let left = try await customer.post(client, "CustomerChat", "ChatLeave", ["ChatID": ownChat])
            #expect(left.json.ok)
            let completed = try await customer.post(client, "CustomerChat", "ChatCompleted", ["ChatID": ownChat])
            #expect(completed.json.data?["Seq"] == left.json.data?["Seq"])
            // the public side
            let publicChannels = try await WebSession.visitor.post(client, "PublicChat", "Channels")
            #expect(publicChannels.json.data?["Channels"]?.array.count == 1)
            // a lost answer: the resend with the same CommandID gets the same visitor and chat
            let first = try await WebSession.visitor.post(client, "PublicChat", "CreateChatRequest",
                ["Name": "Resender", "Message": "Hi", "CommandID": "first-1"])
            let again = try await WebSession.visitor.post(client, "PublicChat", "CreateChatRequest",
                ["Name": "Resender", "Message": "Hi", "CommandID": "first-1"])
            #expect(first.json.data?["ChatID"] != nil && first.json.data == again.json.data)
            let (visitor, visitorChat) = try await Flow.visitorRequest(client)
            #expect(try await visitor.post(client, "PublicChat", "ChatLeave", ["ChatID": visitorChat]).json.ok)
            let page = try await client.execute(uri: "/otrs/public.pl?Action=PublicChat;Subaction=ChatScreen", method: .get)
            #expect(page.status == .ok)
        }
    }
}

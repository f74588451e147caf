import ChatCore
import ChatJSON
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

/// `Ticket::*::StartChatWOTicket` off on the screens: the agent page and the customer page do not offer a chat
/// that is not about a ticket, and the commands are refused with the rule's message.
@Suite("Chats without a ticket switched off, on the screens", .timeLimit(.minutes(5)))
struct StartWithoutTicketScreenTests {
    @Test("agent: no start-chat offer and ChatStart refused; customer: no new conversation and CreateChatRequest refused")
    func offAndRefused() async throws {
        try await WebHarness.with("""
                $Self->{'Ticket::Agent::StartChatWOTicket'} = 0;
                $Self->{'Ticket::Customer::StartChatWOTicket'} = 0;
            """) { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let agentPage = String(buffer: try await agent.get(client, "Action=AgentChat").body)
            #expect(WebSession.pageConfig(agentPage)?["Settings"]?["StartWithoutTicket"] == .bool(false))
            let customer = try await WebSession.login(client, .customer, harness.credentials.customerLogin,
                harness.credentials.customerPassword)
            let customerPage = String(buffer: try await customer.get(client, "Action=CustomerChat").body)
            #expect(WebSession.pageConfig(customerPage)?["Settings"]?["NewChat"] == .bool(false))

            _ = try await customer.post(client, "CustomerChat", "Heartbeat", ["Input": "1"])
            let started = try await agent.post(client, "AgentChat", "ChatStart",
                ["UserType": "Customer", "UserID": harness.credentials.customerLogin, "Message": "Hallo"])
            #expect(started.json.errorCode == "NotPermitted")
            #expect(started.json.text.contains("start the chat from the ticket"))
            let requested = try await customer.post(client, "CustomerChat", "CreateChatRequest", ["Message": "Hallo"])
            #expect(requested.json.errorCode == "NotPermitted")
            #expect(requested.json.text.contains("start the chat from one of your tickets"))
        }
    }

    @Test("on (the default): both pages offer it")
    func onByDefault() async throws {
        try await WebHarness.with { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let agentPage = String(buffer: try await agent.get(client, "Action=AgentChat").body)
            #expect(WebSession.pageConfig(agentPage)?["Settings"]?["StartWithoutTicket"] == .bool(true))
            let customer = try await WebSession.login(client, .customer, harness.credentials.customerLogin,
                harness.credentials.customerPassword)
            let customerPage = String(buffer: try await customer.get(client, "Action=CustomerChat").body)
            #expect(WebSession.pageConfig(customerPage)?["Settings"]?["NewChat"] == .bool(true))
        }
    }
}

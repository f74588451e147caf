import Foundation
import Testing

@testable import ChatCore

@Suite("System lines in the viewer's language")
struct ChatViewLanguageTests {
    let owner = AgentID(1)
    let customer = Fixture.customer

    /// The German of `Kernel/Language/de_ChatEngine.pm` for the lines these tests render.
    static let german = ChatLanguage(code: "de", translations: [
        "%s has requested a chat.": "%s hat einen Chat angefragt.",
        "%s has joined the chat.": "%s hat den Chat betreten.",
        "%s has left the chat.": "%s hat den Chat verlassen.",
        "%s has changed the channel to %s.": "%s hat den Kanal zu %s gewechselt.",
        "%s has closed the chat.": "%s hat den Chat beendet.",
        "%s has created ticket #%s from this chat.": "%s hat aus diesem Chat das Ticket #%s erstellt.",
        "This chat is about ticket #%s.": "Dieser Chat betrifft das Ticket #%s.",
        "Chat %s (%s, %s)": "Chat %s (%s, %s)",
        "Participants: %s": "Teilnehmer: %s",
        "Started: %s (%s)": "Beginn: %s (%s)",
        "Ended: %s": "Ende: %s",
    ])

    func naming(customerName: String = "Carla Customer", channel: String = "Support", language: ChatLanguage = german)
        -> ChatNaming
    {
        ChatNaming(realNames: [.agent(owner): "Olivia Owner", .customer(customer): customerName],
            channelNames: [Fixture.sales.id: "Sales", Fixture.support.id: channel], defaultAgentName: "Support Agent",
            numberAgents: true, language: language)
    }

    func scenario() -> (Chat, [ChatEvent]) {
        Fixture.chat([
            (.customer(customer), .created(channel: Fixture.sales.id, target: .channel)),
            (.agent(owner), .accepted(agentNumber: 1)),
            (.agent(owner), .channelChanged(from: Fixture.sales.id, to: Fixture.support.id)),
            (.agent(owner), .ticketLinked(ticket: TicketID(9), number: "2026120210000011", how: .created)),
            (.agent(owner), .closed),
        ])
    }

    func lines(for viewer: Person, naming: ChatNaming) -> [String] {
        let (chat, events) = scenario()
        return events.compactMap { ChatView.render($0, in: chat, for: viewer, naming: naming) }.map(\.text)
    }

    @Test("a German customer reads every system line in German, names and numbers filled in")
    func germanCustomer() {
        #expect(lines(for: .customer(customer), naming: naming()) == [
            "Carla Customer hat einen Chat angefragt.",
            "Support Agent 1 hat den Chat betreten.",
            "Support Agent 1 hat den Kanal zu Support gewechselt.",
            "Support Agent 1 hat aus diesem Chat das Ticket #2026120210000011 erstellt.",
            "Support Agent 1 hat den Chat beendet.",
        ])
    }

    @Test("English is the source: without translations, and for agents even when the naming carries German")
    func englishAndAgents() {
        let english = [
            "Carla Customer has requested a chat.",
            "Olivia Owner has joined the chat.",
            "Olivia Owner has changed the channel to Support.",
            "Olivia Owner has created ticket #2026120210000011 from this chat.",
            "Olivia Owner has closed the chat.",
        ]
        #expect(lines(for: .agent(owner), naming: naming()) == english, "agents' screens stay English")
        #expect(lines(for: .agent(owner), naming: naming(language: .english)) == english)
        #expect(lines(for: .customer(customer), naming: naming(language: .english)).first == "Carla Customer has requested a chat.")
    }

    @Test("names with %, %s, $ and backslashes go in as they are, never read as placeholders")
    func namesSurvive() {
        let odd = #"100% $1 \(x) %s$& Ünal"#
        let rendered = lines(for: .customer(customer), naming: naming(customerName: odd, channel: "Sales %s $0"))
        #expect(rendered[0] == odd + " hat einen Chat angefragt.")
        #expect(rendered[2] == "Support Agent 1 hat den Kanal zu Sales %s $0 gewechselt.")
        let english = lines(for: .agent(owner), naming: naming(customerName: odd))
        #expect(english[0] == odd + " has requested a chat.")
    }

    @Test("a translation with the wrong number of %s falls back to English: nothing crashes, no name is lost")
    func wrongPlaceholders() {
        let broken = ChatLanguage(code: "de", translations: [
            "%s has requested a chat.": "Ein Chat wurde angefragt.",  // no %s: would drop the name
            "%s has joined the chat.": "%s und %s sind da.",  // one too many
            "%s has closed the chat.": "",  // empty: not a translation
        ])
        let rendered = lines(for: .customer(customer), naming: naming(language: broken))
        #expect(rendered[0] == "Carla Customer has requested a chat.")
        #expect(rendered[1] == "Support Agent 1 has joined the chat.")
        #expect(rendered[4] == "Support Agent 1 has closed the chat.")
        #expect(ChatLanguage.fill("%s and %s", with: ["a"]) == nil)
        #expect(ChatLanguage.fill("no placeholder", with: []) == "no placeholder")
    }

    @Test("a customer's transcript: lines and header in their language; an agent's stays English")
    func transcripts() {
        let (chat, events) = scenario()
        let utc = TimeZone(identifier: "Europe/Berlin")!
        let customerCopy = Transcript.build(chat: chat, events: events, audience: .customer, naming: naming())
        let text = TranscriptText.render(customerCopy, timeZone: utc, language: Self.german)
        #expect(text.hasPrefix("Chat 7 (Support, "))
        #expect(text.contains("\nTeilnehmer: Carla Customer, Support Agent 1\n"))
        #expect(text.contains("\nBeginn: ") && text.contains(" (Europe/Berlin)\n") && text.contains("\nEnde: "))
        #expect(text.contains("*** Support Agent 1 hat den Chat betreten. ***"))
        #expect(!text.contains("has joined"))
        let agentCopy = Transcript.build(chat: chat, events: events, audience: .agent, naming: naming())
        let agentText = TranscriptText.render(agentCopy, timeZone: utc, language: Self.german)
        #expect(agentText.contains("\nParticipants: ") && agentText.contains("*** Olivia Owner has joined the chat. ***"))
    }
}

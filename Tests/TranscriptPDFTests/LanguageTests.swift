import ChatCore
import Foundation
import Testing
import TranscriptPDF

/// A customer's copy in their language: header, running head and footer; an agent's copy stays English.
@Suite struct LanguageTests {
    static let german = ChatLanguage(code: "de", translations: [
        "Chat %s (%s, %s)": "Chat %s (%s, %s)", "Channel": "Kanal", "Participants": "Teilnehmer", "Started": "Beginn",
        "Ended": "Ende", "Created %s (%s)": "Erstellt am %s (%s)", "Page %s of %s": "Seite %s von %s",
    ])

    func options() -> TranscriptPDFOptions {
        var options = Fixtures.options()
        options.language = Self.german
        return options
    }

    @Test func aCustomersCopyHasItsHeaderAndFooterInTheirLanguage() throws {
        let entries = [Fixtures.system(0, "Carla Kunde hat einen Chat angefragt."), Fixtures.message(1, "Carla Kunde", "Hallo")]
        let customer = try Poppler.text(Poppler.keep(TranscriptPDF.render(Fixtures.transcript(entries, audience: .customer),
            options: options()).bytes, name: "language-customer-de"))
        #expect(Poppler.inOrder(customer, ["Example Company", "Chat 123 (Support, 2026-12-02)", "Kanal: Support",
            "Teilnehmer: Carla Customer, Support Agent 1", "Beginn: 2026-12-02 15:00 (Europe/Berlin)", "Ende: 2026-12-02 15:01",
            "Carla Kunde hat einen Chat angefragt.", "Hallo", "Erstellt am 2026-12-02 17:00 (Europe/Berlin)", "Seite 1 von 1"]),
            "\(customer)")
        #expect(!customer.contains("Participants") && !customer.contains("Page 1"))
        let agent = try Poppler.text(Poppler.keep(TranscriptPDF.render(Fixtures.transcript(entries), options: options()).bytes,
            name: "language-agent"))
        #expect(Poppler.inOrder(agent, ["Channel: Support", "Participants: ", "Started: ", "Created ", "Page 1 of 1"]))
    }
}

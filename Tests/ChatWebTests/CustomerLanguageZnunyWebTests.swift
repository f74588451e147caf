import ChatJSON
import ChatStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

/// `chatengine serve` beside the seeded Znuny 7: a customer user's `UserLanguage` from Znuny's
/// `customer_preferences` decides their page's language; the page has no chooser (Znuny owns the choice), only a
/// hint linking Znuny's own preferences screen, and a posted choice is refused.
@Suite("A customer user's language beside Znuny", .serialized, .timeLimit(.minutes(3)))
struct CustomerLanguageZnunyWebTests {
    static func setLanguage(_ owner: PostgresBackend, _ login: String, _ language: String?) async throws {
        _ = try await owner.read("DELETE FROM customer_preferences WHERE user_id = ? AND preferences_key = 'UserLanguage'",
            [.text(login)])
        if let language {
            _ = try await owner.read("""
                INSERT INTO customer_preferences (user_id, preferences_key, preferences_value) VALUES (?, 'UserLanguage', ?)
                """, [.text(login), .text(language)])
        }
    }

    @Test("mmuster with UserLanguage de in Znuny reads a German page despite Accept-Language: en; no chooser, a link to Znuny's preferences")
    func znunyLanguage() async throws {
        let url = try #require(ProcessInfo.processInfo.environment["CHATENGINE_TEST_ZNUNY_URL"])
        let owner = try await PostgresBackend.open(try #require(PostgresBackend.Endpoint(url: url)))
        try await Self.setLanguage(owner, "mmuster", "de")
        let home = try TicketSystemServerTests.home(port: try TicketSystemServerTests.znunyPort, extra: """
                $Self->{FQDN} = 'znuny.example.com';
                $Self->{HttpType} = 'https';
            """)
        defer { try? FileManager.default.removeItem(at: home) }
        let server = try ServerProcess(home: home, arguments: ["--assets", ServerProcess.repositoryRoot.path])
        do {
            _ = try await server.waitForHealth { _ in true }
            try await ProcessHTTP.with(port: server.port) { http in
                let mmuster = try await http.login(.customer, "mmuster", "Kunde-Bcrypt#2")
                let page = try await http.execute("\(Interface.customer.script)?Action=CustomerChat", method: .get,
                    headers: [.cookie: mmuster.cookie ?? "", .acceptLanguage: "en"])
                let html = String(buffer: page.body ?? ByteBuffer())
                #expect(html.contains("<html lang=\"de\">") && html.contains(">Neue Unterhaltung</button>"))
                #expect(!html.contains("id=\"ce-language\""), "Znuny owns the choice: no chooser")
                #expect(html.contains("Ihre Sprache wählen Sie in den Einstellungen des Ticketsystems."))
                #expect(html.contains("href=\"https://znuny.example.com/otrs/customer.pl?Action=CustomerPreferences\""))

                let posted = try await http.execute(Interface.customer.script, method: .post, headers: [.cookie: mmuster.cookie ?? ""],
                    form: WebSession.form(["Action": "CustomerPreferences", "Subaction": "UpdateLanguage", "UserLanguage": "en",
                        "ChallengeToken": mmuster.challenge ?? ""]))
                #expect(posted.status == .forbidden, "a choice made here is refused")
                let again = try await http.execute("\(Interface.customer.script)?Action=CustomerChat", method: .get,
                    headers: [.cookie: mmuster.cookie ?? "", .acceptLanguage: "en"])
                #expect(String(buffer: again.body ?? ByteBuffer()).contains("<html lang=\"de\">"))
            }
        } catch {
            server.terminate()
            _ = await server.waitForExit(seconds: 10)
            try? await Self.setLanguage(owner, "mmuster", nil)
            await owner.close()
            throw error
        }
        server.terminate()
        _ = await server.exitOrKill(within: 20, failure: "the server did not stop")
        try await Self.setLanguage(owner, "mmuster", nil)
        await owner.close()
    }
}

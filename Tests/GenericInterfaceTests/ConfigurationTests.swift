@testable import GenericInterfaceStandIn
import Foundation
import Testing

@testable import GenericInterface

@Suite("GenericInterface configuration, marker, zoom link")
struct ConfigurationTests {
    @Test("the URL, the web service's name and the password (or its file) are checked with a message naming the problem")
    func configuration() throws {
        let good = try GenericInterfaceConfiguration(url: "https://znuny.example.com/otrs/nph-genericinterface.pl/", userLogin: "chatbot",
            password: "BotPw123")
        #expect(good.endpoint("Ticket/2") == "https://znuny.example.com/otrs/nph-genericinterface.pl/Webservice/GenericTicketConnectorREST/Ticket/2")
        #expect(throws: GenericInterfaceError.self) { try GenericInterfaceConfiguration(url: "ftp://x/nph-genericinterface.pl", userLogin: "a", password: "b") }
        #expect(throws: GenericInterfaceError.self) { try GenericInterfaceConfiguration(url: "http://x/", webService: "a/b", userLogin: "a", password: "b") }
        #expect(throws: GenericInterfaceError.self) { try GenericInterfaceConfiguration(url: "http://x/", userLogin: "a", password: "") }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gi-password-\(UUID().uuidString)")
        try "BotPw123\r\nsecond line\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try GenericInterfaceConfiguration.password(fromFile: file.path) == "BotPw123")
        #expect(throws: GenericInterfaceError.self) { try GenericInterfaceConfiguration.password(fromFile: file.path + ".missing") }
    }

    @Test("a marker is ASCII, ends with ']' so a longer reference never matches, and cuts the title to 255 characters")
    func marker() throws {
        let marker = try ChatMarker("42")
        #expect(marker.description == "[Chat#42]" && marker.titlePattern == "[Chat#42]*")
        #expect(marker.marks("[Chat#42] Chat with John") && marker.marks("[Chat#42]"))
        #expect(!marker.marks("[Chat#421] Chat") && !marker.marks("Re: [Chat#42] Chat"))
        #expect(marker.mark(String(repeating: "x", count: 300)).count == 255)
        for bad in ["", "4 2", "42*", "42%", "ä", String(repeating: "1", count: 65)] {
            #expect(throws: GenericInterfaceError.self) { try ChatMarker(bad) }
        }
    }

    @Test("the agent's link is the ticket system's own zoom, from HttpType, FQDN and ScriptAlias")
    func zoomLink() {
        #expect(ZnunyZoomLink.agentTicketZoom(httpType: "http", fqdn: "yourhost.example.com", scriptAlias: "otrs/", ticketID: 2)
            == "http://yourhost.example.com/otrs/index.pl?Action=AgentTicketZoom;TicketID=2")
        #expect(ZnunyZoomLink.agentTicketZoom(httpType: "https", fqdn: "h", scriptAlias: "", ticketID: 7)
            == "https://h/index.pl?Action=AgentTicketZoom;TicketID=7")
    }

    @Test("utf8mb3: characters beyond U+FFFF become U+FFFD, the rest stays")
    func utf8mb3() {
        #expect(ZnunyText.utf8mb3("Grüß 客服 ✅ 🖨️👍") == "Grüß 客服 ✅ \u{FFFD}\u{FE0F}\u{FFFD}")
        #expect(ZnunyText.losesCharactersOnUTF8MB3("👍") && !ZnunyText.losesCharactersOnUTF8MB3("Grüß 客服 ✅"))
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

/// Behind a reverse proxy that routes by `Action` (docs/nginx-chatengine.conf), every POST names its Action
/// in the URL as well as in the body: the server reads both, and the URL's is the one routed.
@Suite("POSTs carry the Action in the query string", .timeLimit(.minutes(2)))
struct ActionInQueryTests {
    @Test("query and body naming the same Action read as that Action; when they differ the URL's counts")
    func parameters() {
        let same = FormParameters(query: "Action=AgentChat", body: "Action=AgentChat&Subaction=ChatMessageAdd&ChatID=5")
        #expect(same["Action"] == "AgentChat")
        #expect(same["Subaction"] == "ChatMessageAdd")
        #expect(same["ChatID"] == "5")
        // the proxy routed on the URL; the body must not send the request to another Action
        let differ = FormParameters(query: "Action=AgentChat", body: "Action=AdminUser&Subaction=Change")
        #expect(differ["Action"] == "AgentChat")
    }

    @Test("a login and a Subaction posted with the Action in both places work as before")
    func posts() async throws {
        try await WebHarness.with { harness, client in
            let form = WebSession.form(["Action": "Login", "User": "root@localhost", "Password": harness.credentials.agentPassword])
            let login = try await client.execute(uri: "/otrs/index.pl?Action=Login", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: form))
            #expect(login.status == .seeOther)
            let cookie = String(try #require(login.headers[.setCookie]).split(separator: ";")[0])
            let page = try await client.execute(uri: "/otrs/index.pl?Action=AgentChat", method: .get, headers: [.cookie: cookie])
            let token = try #require(WebSession.pageConfig(String(buffer: page.body))?["ChallengeToken"]?.stringValue)
            let body = WebSession.form(["Action": "AgentChatAvailability", "Subaction": "SetAvailability",
                "Availability": "Internal", "ChallengeToken": token])
            let set = try await client.execute(uri: "/otrs/index.pl?Action=AgentChatAvailability", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookie], body: ByteBuffer(string: body))
            #expect(set.status == .ok, "\(String(buffer: set.body))")
        }
    }

    @Test("every POST form in the templates names its Action in its URL")
    func forms() throws {
        let templates = ServerProcess.repositoryRoot.appendingPathComponent("templates")
        let form = try Regex(#"<form\b[^>]*method="post"[^>]*>"#)
        var seen = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: templates.path) where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: templates.appendingPathComponent(name), encoding: .utf8)
            for match in text.matches(of: form) {
                seen += 1
                let tag = String(text[match.range])
                #expect(tag.contains("action=\"{{Script}}?Action="), "\(name): \(tag)")
            }
        }
        #expect(seen >= 10)
    }
}

import ChatEngine
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

/// `AgentChatWidgetIntegration` (the snippet generator) through HTTP: admins only, reached from the chat manager
/// and the Admin overview, three ARIA tabs with the valid channels, and the preview's stand-in website with the
/// real loader; GET pages that change nothing, so they need no challenge token.
@Suite("AgentChatWidgetIntegration screen", .timeLimit(.minutes(3)))
struct WidgetIntegrationTests {
    static let action = "AgentChatWidgetIntegration"

    static func page(_ client: any TestClientProtocol, _ session: WebSession, _ query: String = "")
        async throws -> (status: HTTPResponse.Status, page: String, headers: HTTPFields)
    {
        let response = try await session.get(client, "Action=\(action)\(query)")
        return (response.status, String(buffer: response.body), response.headers)
    }

    @Test("an admin gets the three tabs, the valid channels (escaped), the page's script; the chat manager and Admin link it")
    func screen() async throws {
        try await WebHarness.with { harness, client async throws in
            let admin = try await AdminScreenTests.admin(harness, client)
            _ = try await EverySubactionTests.addChannel("Sales <b>&</b>", by: admin, client)
            let gone = try await harness.env.engine.administration.addChannel(name: "Old channel", group: "users", comment: "", isValid: false)
            #expect(!gone.isValid)
            let screen = try await Self.page(client, admin)
            #expect(screen.status == .ok)
            for (tab, panel) in [("config", true), ("code", false), ("preview", false)] {
                #expect(screen.page.contains("role=\"tab\" id=\"ce-wi-tab-\(tab)\" class=\"ce-tab\" aria-selected=\"\(panel)\" aria-controls=\"ce-wi-panel-\(tab)\""))
                #expect(screen.page.contains("id=\"ce-wi-panel-\(tab)\" class=\"ce-tabpanel\" role=\"tabpanel\" aria-labelledby=\"ce-wi-tab-\(tab)\""))
            }
            #expect(screen.page.contains("<option value=\"Sales &lt;b&gt;&amp;&lt;/b&gt;\">Sales &lt;b&gt;&amp;&lt;/b&gt;</option>"), "escaped")
            #expect(!screen.page.contains("<b>&</b>"))
            #expect(!screen.page.contains("Old channel"), "an invalid channel is not offered")
            #expect(screen.page.contains("src=\"/otrs-web/js/widget-integration.js\""))
            #expect(screen.page.contains("\"WebPath\":\"/otrs-web/\""), "the page's script builds the loader's address with it")
            for key in ["noAgents", "outOfService", "agentTyping", "bye", "byeNoAgent", "welcomeMessage", "editorPlaceholder"] {
                #expect(screen.page.contains("data-text=\"\(key)\"") && screen.page.contains("data-variant=\"\(key)\""), "\(key)")
            }
            #expect(!screen.page.contains("method=\"post\""), "nothing to submit: changes are not saved")

            let manager = String(buffer: try await admin.get(client, "Action=AgentChat").body)
            #expect(manager.contains("id=\"ce-chat-integration\"") && manager.contains("href=\"/otrs/index.pl?Action=\(Self.action)\""))
            let overview = try await AdminScreenTests.submit(client, admin, "Admin", "", token: false, method: .get)
            #expect(overview.page.contains("Action=\(Self.action)\">Chat integration</a>"))
        }
    }

    @Test("the preview is a stand-in website with the real loader, framed only by ChatEngine, loader styles allowed")
    func preview() async throws {
        try await WebHarness.with { harness, client async throws in
            let admin = try await AdminScreenTests.admin(harness, client)
            let preview = try await Self.page(client, admin, ";Subaction=Preview;Reload=3")
            #expect(preview.status == .ok)
            #expect(preview.page.contains("<script async src=\"/otrs-web/widget/loader.js\"></script>"))
            #expect(preview.page.contains("src=\"/otrs-web/js/widget-preview.js\""))
            #expect(preview.page.contains("data-script=\"/otrs/index.pl\""))
            let policy = try #require(preview.headers[.contentSecurityPolicy])
            #expect(policy.contains("script-src 'self';") && policy.contains("frame-ancestors 'self'"))
            #expect(policy.contains("style-src 'self' 'unsafe-inline'"))
            #expect(preview.headers[.init("X-Frame-Options")!] == "SAMEORIGIN")
        }
    }

    @Test("an agent without rw on admin gets a refusal, no link in the chat manager and no page; a visitor neither")
    func nonAdminRefused() async throws {
        try await WebHarness.with { harness, client async throws in
            _ = try await harness.addAgent("plain", first: "Plain", last: "Agent")
            let plain = try await WebSession.login(client, .agent, "plain", "secret-plain")
            for query in ["", ";Subaction=Preview"] {
                let refused = try await Self.page(client, plain, query)
                #expect(refused.status == .forbidden, "\(query)")
                #expect(refused.page.contains("no permission to use \(Self.action)"))
                #expect(!refused.page.contains("ce-wi-tab") && !refused.page.contains("widget/loader.js"))
            }
            let manager = String(buffer: try await plain.get(client, "Action=AgentChat").body)
            #expect(manager.contains("id=\"ce-main\""), "the plain agent has the chat manager")
            #expect(!manager.contains("ce-chat-integration"))
            let anonymous = try await client.execute(uri: "/otrs/index.pl?Action=\(Self.action)", method: .get)
            #expect(String(buffer: anonymous.body).contains("id=\"ce-login-form\""), "no session: the login")
            let publicTry = try await client.execute(uri: "/otrs/public.pl?Action=\(Self.action)", method: .get)
            #expect(!String(buffer: publicTry.body).contains("ce-wi-tab"))
        }
    }

    @Test("the generator's script, the pure module, the preview script and the styles are served")
    func files() async throws {
        let harness = try await WebHarness.make()
        let router = ChatWebApplication.router(live: harness.env.live, environment: harness.env,
            publicDirectory: ServerProcess.repositoryRoot.appendingPathComponent("public").path)
        do {
            try await Application(router: router).test(.router) { client in
                for file in ["js/widget-integration.js", "js/widget-snippet.js", "js/widget-preview.js", "css/widget-integration.css"] {
                    let response = try await client.execute(uri: "/otrs-web/\(file)", method: .get)
                    #expect(response.status == .ok, "\(file)")
                }
            }
        } catch {
            await harness.destroy()
            throw error
        }
        await harness.destroy()
    }
}

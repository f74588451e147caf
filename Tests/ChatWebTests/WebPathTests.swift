import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

/// `ChatEngine::Frontend::WebPath`: the files are served there and every page links them there, so behind
/// one proxy ChatEngine's files never collide with the ticket system's own `/otrs-web/`.
@Suite("Static files under ChatEngine::Frontend::WebPath", .timeLimit(.minutes(2)))
struct WebPathTests {
    static let overrides = "$Self->{'ChatEngine::Frontend::WebPath'} = '/chatengine-web/';"

    @Test("the files are served under the configured path, and not under /otrs-web/")
    func served() async throws {
        let harness = try await WebHarness.make(Self.overrides)
        let router = ChatWebApplication.router(live: harness.env.live, environment: harness.env,
            publicDirectory: ServerProcess.repositoryRoot.appendingPathComponent("public").path)
        do {
            try await Application(router: router).test(.router) { client in
                for file in ["js/agent-chat.js", "css/chatengine.css", "sounds/notify.wav"] {
                    let there = try await client.execute(uri: "/chatengine-web/\(file)", method: .get)
                    let old = try await client.execute(uri: "/otrs-web/\(file)", method: .get)
                    #expect(there.status == .ok, "\(file)")
                    #expect(old.status == .notFound, "\(file)")
                }
            }
        } catch {
            await harness.destroy()
            throw error
        }
        await harness.destroy()
    }

    @Test("pages link their scripts and styles under the configured path")
    func linked() async throws {
        try await WebHarness.with(Self.overrides) { _, client in
            let login = String(buffer: try await client.execute(uri: "/otrs/index.pl", method: .get).body)
            #expect(login.contains("href=\"/chatengine-web/css/chatengine.css\""))
            let publicPage = String(buffer: try await client.execute(uri: "/otrs/public.pl?Action=PublicChat", method: .get).body)
            #expect(publicPage.contains("src=\"/chatengine-web/js/public-chat.js\""))
            for page in [login, publicPage] { #expect(!page.contains("/otrs-web/")) }
        }
    }

    @Test("the sound is found beside the script that plays it, wherever the files are")
    func soundIsRelative() throws {
        let script = try String(contentsOf: ServerProcess.repositoryRoot.appendingPathComponent("public/js/notify.js"), encoding: .utf8)
        #expect(script.contains("new URL('../sounds/notify.wav', import.meta.url)"))
        let templates = ServerProcess.repositoryRoot.appendingPathComponent("templates")
        for name in try FileManager.default.contentsOfDirectory(atPath: templates.path) {
            let text = try String(contentsOf: templates.appendingPathComponent(name), encoding: .utf8)
            #expect(!text.contains("/otrs-web/"), "\(name) names /otrs-web/ instead of {{WebPath}}")
        }
    }
}

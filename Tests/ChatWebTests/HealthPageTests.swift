import ChatJSON
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SysConfig
import Testing

@testable import ChatWeb

@Suite("Health page", .timeLimit(.minutes(1)))
struct HealthPageTests {
    @Test("shows the digest of the config in force as JSON")
    func health() async throws {
        let live = try LiveConfig(home: ServerProcess.repositoryRoot.path)
        let app = Application(router: ChatWebApplication.router(live: live, environment: nil, publicDirectory: nil))
        try await app.test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                let config = object?["config"] as? [String: Any]
                #expect(config?["digest"] as? String == live.status.digest)
                #expect(config?["digest"] as? String == live.current.loaded.digest)
                #expect(config?["lastReloadError"] is NSNull)
            }
        }
    }
}

import Foundation
import Testing

@testable import SysConfig

/// docs/nginx-chatengine.conf routes by Action: every Action ChatEngine.xml registers goes to ChatEngine,
/// except those Znuny has itself, and no Action of Znuny's own files is taken from it. (Through a real nginx:
/// Tests/e2e/test_proxy.py.)
@Suite("The nginx configuration and ChatEngine's Actions", .timeLimit(.minutes(2)))
struct ProxyConfigTests {
    static let conf = TestSupport.repositoryRoot.appendingPathComponent("docs/nginx-chatengine.conf")

    /// The interface's registry and the nginx map that routes its script.
    static let interfaces = [("Frontend::Module", "agent"), ("CustomerFrontend::Module", "customer"),
        ("PublicFrontend::Module", "public")]

    /// The `"~regex" chatengine;` line of `map $args $chatengine_<name>_backend`.
    static func routeRegex(_ name: String) throws -> NSRegularExpression {
        let text = try String(contentsOf: conf, encoding: .utf8)
        let block = try #require(text.range(of: "map $args $chatengine_\(name)_backend {"), "map for \(name)")
        let rest = text[block.upperBound...]
        let line = try #require(rest.split(separator: "\n").first { $0.contains("\" chatengine;") })
        let start = try #require(line.range(of: "\"~")), end = try #require(line.range(of: "\" chatengine;"))
        return try NSRegularExpression(pattern: String(line[start.upperBound..<end.lowerBound]))
    }

    static func routed(_ regex: NSRegularExpression, _ query: String) -> Bool {
        regex.firstMatch(in: query, range: NSRange(query.startIndex..., in: query)) != nil
    }

    static func registrations(_ registry: String, in url: URL) throws -> Set<String> {
        let file = try DefinitionReader.read(path: url.path, displayName: url.lastPathComponent)
        let prefix = registry + "###"
        return Set(file.settings.filter { $0.isValid && $0.name.hasPrefix(prefix) }
            .map { String($0.name.dropFirst(prefix.count)) }.filter { !$0.contains("###") })
    }

    static func znunyRegistrations(_ registry: String) throws -> Set<String> {
        let folder = TestSupport.fixture("otrs/znuny7/Kernel/Config/Files/XML")
        var all: Set<String> = []
        for file in try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        where file.pathExtension == "xml" {
            all.formUnion(try registrations(registry, in: file))
        }
        return all
    }

    @Test("ChatEngine's own Actions go to ChatEngine, in any parameter position and with ';' or '&'",
        arguments: interfaces.indices)
    func chatEngineActions(_ index: Int) throws {
        let (registry, name) = Self.interfaces[index]
        let regex = try Self.routeRegex(name)
        let ours = try Self.registrations(registry, in: ZnunyDropInTests.chatEngineXML)
        let znuny = try Self.znunyRegistrations(registry)
        #expect(!ours.subtracting(znuny).isEmpty)
        for action in ours.subtracting(znuny).sorted() {
            for query in ["Action=\(action)", "Action=\(action);Subaction=ChatMessageAdd", "Action=\(action)&IsIframe=1",
                "Subaction=Events;Action=\(action)", "Lang=de&Action=\(action)&x=1"]
            {
                #expect(Self.routed(regex, query), "\(name): \(query) must reach ChatEngine")
            }
        }
    }

    @Test("Znuny's own Actions (Login and Logout included) stay with the ticket system", arguments: interfaces.indices)
    func ticketSystemActions(_ index: Int) throws {
        let (registry, name) = Self.interfaces[index]
        let regex = try Self.routeRegex(name)
        let znuny = try Self.znunyRegistrations(registry)
        #expect(znuny.count >= (name == "public" ? 1 : 10), "\(name): Znuny's registrations were read")
        for action in znuny.union(["Login", "Logout", "PreLogin", "LostPassword"]).sorted() {
            for query in ["Action=\(action)", "Action=\(action);Subaction=Change", "ChallengeToken=x&Action=\(action)"] {
                #expect(!Self.routed(regex, query), "\(name): \(query) must stay with the ticket system")
            }
        }
        for query in ["", "Subaction=AgentChat", "XAction=AgentChat", "Action=Agent", "RequestedURL=Action=AgentChat",
            "RequestedURL=Action%3DAgentChat"]
        {
            #expect(!Self.routed(regex, query), "\(name): '\(query)'")
        }
    }

    @Test("ChatEngine's registrations that Znuny has too are exactly those the file's comment names")
    func sharedActions() throws {
        var shared: Set<String> = []
        for (registry, _) in Self.interfaces {
            let ours = try Self.registrations(registry, in: ZnunyDropInTests.chatEngineXML)
            shared.formUnion(ours.intersection(try Self.znunyRegistrations(registry)).map { "\(registry)###\($0)" })
        }
        #expect(shared == ZnunyDropInTests.sharedWithZnuny)
    }

    @Test("the WebSocket, the static files, /health and the client address go to ChatEngine; connections are limited")
    func locations() throws {
        let text = try String(contentsOf: Self.conf, encoding: .utf8)
        for line in ["location = /otrs/ws {", "location ^~ /chatengine-web/ {", "location = /health {",
            "proxy_set_header X-Forwarded-For $remote_addr;", "proxy_set_header X-Forwarded-Proto $scheme;",
            "proxy_set_header Upgrade $http_upgrade;", "limit_conn chatengine_per_client", "limit_conn_zone $binary_remote_addr"]
        {
            #expect(text.contains(line), "\(line)")
        }
        #expect(!text.contains("location ^~ /otrs-web/"), "the ticket system's own static files stay its own")
    }
}

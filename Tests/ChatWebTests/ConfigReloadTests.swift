import Foundation
import Testing

/// The running server reloads its configuration on SIGHUP and on edits under Kernel/; a broken edit
/// keeps the previous config in force, and the health page shows which config is in force and why.
@Suite("Config reload in the running server", .serialized, .timeLimit(.minutes(3)))
struct ConfigReloadTests {
    static func home(config: String) throws -> URL {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("chatengine-serve-\(UUID().uuidString)")
        let xml = home.appendingPathComponent("Kernel/Config/Files/XML")
        try FileManager.default.createDirectory(at: xml, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: ServerProcess.repositoryRoot.appendingPathComponent("Kernel/Config/Files/XML/ChatEngine.xml"),
            to: xml.appendingPathComponent("ChatEngine.xml"))
        try write(config, home)
        return home
    }

    static func write(_ body: String, _ home: URL) throws {
        let text = "package Kernel::Config;\nuse strict;\nsub Load {\n    my $Self = shift;\n\(body)\n    return 1;\n}\n1;\n"
        try Data(text.utf8).write(to: home.appendingPathComponent("Kernel/Config.pm"))
    }

    @Test("SIGHUP: a broken Config.pm keeps the old digest and shows the error; fixed, the new digest")
    func hangupReload() async throws {
        let home = try Self.home(config: "    $Self->{'ChatEngine::Active'} = 1;")
        defer { try? FileManager.default.removeItem(at: home) }
        let server = try ServerProcess(home: home, arguments: ["--config-poll-seconds", "0"])
        let first = try await server.waitForHealth { _ in true }
        let original = try #require(first["digest"] as? String)
        #expect(first["lastReloadError"] is NSNull)
        #expect(first["chatActive"] as? String == "1")

        try Self.write("    $Self->{'ChatEngine::Active'} = system('id');", home)
        server.hangUp()
        let broken = try await server.waitForHealth { !($0["lastReloadError"] is NSNull) }
        #expect(broken["digest"] as? String == original, "the old config stays in force")
        let error = try #require(broken["lastReloadError"] as? String)
        #expect(error.contains("Kernel/Config.pm:5: unsupported construct"), "\(error)")

        try Self.write("    $Self->{'ChatEngine::Active'} = 1;\n    $Self->{'ChatEngine::ChatTTL'} = 48;", home)
        server.hangUp()
        let fixed = try await server.waitForHealth { $0["lastReloadError"] is NSNull }
        let newDigest = try #require(fixed["digest"] as? String)
        #expect(newDigest != original)
        #expect(fixed["reloads"] as? String == "1")
    }

    @Test("an edit under Kernel/ is picked up without a signal")
    func fileChangeReload() async throws {
        let home = try Self.home(config: "    $Self->{'ChatEngine::Active'} = 1;")
        defer { try? FileManager.default.removeItem(at: home) }
        let server = try ServerProcess(home: home, arguments: ["--config-poll-seconds", "0.2"])
        let first = try await server.waitForHealth { _ in true }
        #expect(first["chatActive"] as? String == "1")

        try Self.write("    $Self->{'ChatEngine::Active'} = 0;", home)
        let changed = try await server.waitForHealth { $0["chatActive"] as? String == "0" }
        #expect(changed["digest"] as? String != first["digest"] as? String)

        try Self.write("    $Self->{'ChatEngine::Active'} = 'maybe';", home)
        let rejected = try await server.waitForHealth { !($0["lastReloadError"] is NSNull) }
        #expect(rejected["chatActive"] as? String == "0")
        #expect((rejected["lastReloadError"] as? String)?.contains("setting ChatEngine::Active: is a Checkbox") == true)
    }

    @Test("a home whose config does not load refuses to start and says why")
    func refusesBrokenStart() async throws {
        let home = try Self.home(config: "    $Self->{'ChatEngine::Database::DSN'} = 'DBI:mysql:database=otrs';")
        defer { try? FileManager.default.removeItem(at: home) }
        let server = try ServerProcess(home: home)
        server.process.waitUntilExit()
        #expect(server.process.terminationStatus != 0)
        #expect(server.outputText().contains("Kernel/Config.pm:5: setting ChatEngine::Database::DSN"))
    }
}

import Foundation
import Testing

/// `chatengine config check|get|dump` on homes that hold nothing but config files, through the real binary.
@Suite("chatengine config", .timeLimit(.minutes(2)))
struct ConfigCommandTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var binary: String {
        ProcessInfo.processInfo.environment["CHATENGINE_BIN"]
            ?? repositoryRoot.appendingPathComponent(".build/debug/chatengine").path
    }

    static var fixtures: URL {
        if let custom = ProcessInfo.processInfo.environment["CHATENGINE_FIXTURES"] { return URL(fileURLWithPath: custom) }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    }

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func chatengine(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A home with only Kernel/: the repository's ChatEngine.xml and a Config.pm with `body`.
    static func configOnlyHome(_ body: String) throws -> URL {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("chatengine-cli-\(UUID().uuidString)")
        let xml = home.appendingPathComponent("Kernel/Config/Files/XML")
        try FileManager.default.createDirectory(at: xml, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Kernel/Config/Files/XML/ChatEngine.xml"),
            to: xml.appendingPathComponent("ChatEngine.xml"))
        let config = "package Kernel::Config;\nuse strict;\nsub Load {\n    my $Self = shift;\n\(body)\n    return 1;\n}\n1;\n"
        try Data(config.utf8).write(to: home.appendingPathComponent("Kernel/Config.pm"))
        return home
    }

    @Test("check passes on a good home and writes nothing into it")
    func checkGood() throws {
        let home = try Self.configOnlyHome("    $Self->{'ChatEngine::Active'} = 1;")
        defer { try? FileManager.default.removeItem(at: home) }
        let run = try Self.chatengine(["config", "check", "--home", home.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("OK: "))
        let contents = try FileManager.default.contentsOfDirectory(atPath: home.path)
        #expect(contents == ["Kernel"])
    }

    @Test("check reports every error with file and line and exits non-zero")
    func checkBad() throws {
        let home = try Self.configOnlyHome("""
                $Self->{'ChatEngine::Active'} = 'yes';
                $Self->{'ChatEngine::ChatOrder'} = 'Random';
                $Self->{'ChatEngine::Database::DSN'} = 'DBI:mysql:database=otrs';
            """)
        defer { try? FileManager.default.removeItem(at: home) }
        let run = try Self.chatengine(["config", "check", "--home", home.path])
        #expect(run.status != 0)
        #expect(run.stderr.contains("error: Kernel/Config.pm:5: setting ChatEngine::Active: is a Checkbox and must be 0 or 1, not 'yes'"))
        #expect(run.stderr.contains("error: Kernel/Config.pm:6: setting ChatEngine::ChatOrder: must be one of Prepend, Append"))
        #expect(run.stderr.contains("error: Kernel/Config.pm:7: setting ChatEngine::Database::DSN:"))
        #expect(run.stderr.contains("3 error(s)"))
    }

    @Test("get prints the effective value as JSON, with Name###Key addressing")
    func get() throws {
        let home = try Self.configOnlyHome("    $Self->{'ChatEngine::ChatTTL'} = 48;\n    $Self->{Undefined} = undef;")
        defer { try? FileManager.default.removeItem(at: home) }
        let ttl = try Self.chatengine(["config", "get", "ChatEngine::ChatTTL", "--home", home.path])
        #expect(ttl.status == 0 && ttl.stdout == "\"48\"\n")
        let group = try Self.chatengine(["config", "get", "Frontend::Module###AdminChatChannel###Group", "--home", home.path])
        #expect(group.stdout == "[\n  \"admin\"\n]\n")
        let undefined = try Self.chatengine(["config", "get", "Undefined", "--home", home.path])
        #expect(undefined.stdout == "null\n")
        let missing = try Self.chatengine(["config", "get", "No::Such::Setting", "--home", home.path])
        #expect(missing.status == 2 && missing.stderr.contains("no setting named No::Such::Setting"))
    }

    @Test("dump on a Znuny home holding only config files gives the deployed values")
    func dumpZnuny() throws {
        let run = try Self.chatengine(["config", "dump", "--home", Self.fixtures.appendingPathComponent("otrs/znuny7").path])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        // the XML defaults, then ZZZAAuto.pm over them (CurrentDeploymentID only comes from the latter)
        #expect(object["CurrentDeploymentID"] as? String == "1")
        #expect(object["WebMaxFileUpload"] as? String == "24000000")
        #expect((object["Frontend::Module"] as? [String: Any])?["AgentTicketPhone"] != nil)
        // sorted keys: the text lists them in code point order
        let keys = run.stdout.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { String($0.dropFirst(3).prefix { $0 != "\"" }) }
        #expect(keys == keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        #expect(keys.count == object.count)
    }
}

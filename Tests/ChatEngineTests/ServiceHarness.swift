import ChatCore
import ChatEngine
import ChatStore
import ChatTestSupport
import Foundation
import SysConfig
import Synchronization

/// A chat service on a fresh store, with the repository's ChatEngine.xml settings (plus overrides) and
/// a clock the test moves.
final class TestClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

enum ServiceHarness {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// ChatEngine's settings from the repository's XML with `overrides` (Perl lines for Config.pm's Load).
    static func settings(_ overrides: String = "") throws -> ChatEngineSettings {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("chatengine-svc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        let xml = home.appendingPathComponent("Kernel/Config/Files/XML")
        try FileManager.default.createDirectory(at: xml, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("Kernel/Config/Files/XML/ChatEngine.xml"),
            to: xml.appendingPathComponent("ChatEngine.xml"))
        let config = "package Kernel::Config;\nsub Load {\n    my $Self = shift;\n    $Self->{'ChatEngine::Active'} = 1;\n"
            + "    $Self->{'ChatEngine::PasswordHashCost'} = 4;\n\(overrides)\n}\n1;\n"
        try Data(config.utf8).write(to: home.appendingPathComponent("Kernel/Config.pm"))
        return try ActiveConfig.load(home: home.path).chatEngine
    }

    static func service(_ store: SQLStore, clock: TestClock = TestClock(), overrides: String = "") throws -> ChatService {
        let settings = try settings(overrides)
        return ChatService(store: store, settings: { settings }, clock: { clock.now })
    }
}

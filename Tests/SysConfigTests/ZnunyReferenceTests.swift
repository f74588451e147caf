import Foundation
import Testing

@testable import SysConfig

/// Acceptance against real data: Znuny 7's eight definition files must give exactly what Znuny itself
/// deployed from them (ZZZAAuto.pm, read by real perl), and our Perl reader must read the deployed file
/// and both Config.pm.dist files to what perl reads.
@Suite("Znuny and perl reference comparisons", .timeLimit(.minutes(5)))
struct ZnunyReferenceTests {
    static let deployed = TestSupport.fixture("otrs/znuny7/Kernel/Config/Files/ZZZAAuto.pm")

    @Test("the eight Znuny 7 XML files give what Znuny deployed in ZZZAAuto.pm")
    func xmlDefaultsMatchDeployment() throws {
        let home = try TestSupport.temporaryHome()
        defer { try? FileManager.default.removeItem(at: home) }
        try TestSupport.copy(TestSupport.fixture("otrs/znuny7/Kernel/Config/Files/XML"), into: home,
            at: "Kernel/Config/Files/XML")
        let loaded = try ConfigLoader(home: home.path).load()
        #expect(loaded.files.count == 8)

        guard case .hash(var reference) = try TestSupport.perlReference(Self.deployed) else {
            Issue.record("the reference is not a hash")
            return
        }
        reference["CurrentDeploymentID"] = nil  // written by deployment only
        #expect(reference.count > 700, "the reference should hold Znuny's whole config")
        #expect(Set(loaded.values.keys) == Set(reference.keys))
        let differences = TestSupport.differences(.hash(loaded.values), .hash(reference))
        #expect(differences.isEmpty, "\(differences.count) differences, first ones:\n\(differences.joined(separator: "\n"))")
    }

    @Test("our Perl reader reads ZZZAAuto.pm to exactly what perl does")
    func deployedFileMatchesPerl() throws {
        try expectSameAsPerl(Self.deployed)
    }

    @Test("our Perl reader reads both Config.pm.dist files to exactly what perl does",
        arguments: ["otrs/znuny7/Kernel/Config.pm.dist", "otrs/otobo11/Kernel/Config.pm.dist"])
    func distributedConfigMatchesPerl(_ relative: String) throws {
        try expectSameAsPerl(TestSupport.fixture(relative))
    }

    func expectSameAsPerl(_ file: URL) throws {
        let reference = try TestSupport.perlReference(file)
        let ours = try PerlConfigReader.read(file: file.path, displayName: file.lastPathComponent)
        let differences = TestSupport.differences(.hash(ours), reference)
        #expect(differences.isEmpty, "\(file.lastPathComponent):\n\(differences.joined(separator: "\n"))")
        #expect(ours.count > 0)
    }
}

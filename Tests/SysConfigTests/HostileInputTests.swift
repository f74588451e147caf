import Foundation
import Testing

@testable import SysConfig

/// A hostile or broken configuration file is a clear error with file and line, never a crash: the same
/// readers run when the server reloads, and a crash there would take the running server down.
@Suite("Configuration readers never crash")
struct HostileInputTests {
    static func perlError(_ body: String) -> ConfigIssue? {
        do {
            _ = try PerlConfigReader.read(bytes: Array(PerlReaderTests.file(body: body).utf8), displayName: "Kernel/Config.pm")
            return nil
        } catch {
            return error
        }
    }

    @Test("Perl nested 50,000 levels deep (arrays, hashes, subscripts, values in keys) is refused with its line")
    func deepPerl() {
        let depth = 50_000
        let cases = [
            "    $Self->{A} = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + ";",
            "    $Self->{A} = " + String(repeating: "{ a => ", count: depth) + "1" + String(repeating: " }", count: depth) + ";",
            "    $Self->{A}" + String(repeating: "{B}", count: depth) + " = 1;",
            "    $Self->{A}" + String(repeating: "->[0]", count: depth) + " = 1;",
            "    $Self->{" + String(repeating: "$Self->{", count: depth) + "X" + String(repeating: "}", count: depth) + "} = 1;",
        ]
        for body in cases {
            let issue = Self.perlError(body)
            #expect(issue != nil, "accepted \(body.prefix(40))")
            #expect(issue?.location?.file == "Kernel/Config.pm" && (issue?.location?.line ?? 0) > 0, "\(issue?.description ?? "")")
            #expect(issue?.message.contains("200") == true, "\(issue?.description ?? "")")
        }
        // what OTRS writes nests far less, and still reads
        #expect(Self.perlError("    $Self->{A} = " + String(repeating: "[", count: 50) + String(repeating: "]", count: 50) + ";") == nil)
    }

    @Test("a huge array subscript is refused at once")
    func hugeIndex() {
        let issue = Self.perlError("    $Self->{A}[999999999999] = 1;")
        #expect(issue?.message.contains("array subscript") == true, "\(issue?.description ?? "nil")")
        #expect(Self.perlError("    $Self->{A}[100] = 1;") == nil)
    }

    @Test("XML nested 20,000 levels deep is refused with its file and line")
    func deepXML() throws {
        let depth = 20_000
        let xml = "<?xml version=\"1.0\"?>\n<otrs_config version=\"2.0\" init=\"Application\">\n"
            + String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth) + "\n</otrs_config>\n"
        let home = try TestSupport.home(["Kernel/Config/Files/XML/Deep.xml": xml])
        defer { try? FileManager.default.removeItem(at: home) }
        let error = #expect(throws: ConfigLoadError.self) { try ConfigLoader(home: home.path).load() }
        let text = error?.description ?? ""
        #expect(text.contains("Kernel/Config/Files/XML/Deep.xml:3: elements nested deeper than 200 levels"), "\(text)")
    }
}

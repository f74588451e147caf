import Foundation
import PropertyBased
import Testing

@testable import SysConfig

/// Properties of both configuration readers over generated input (issue 12): whatever the bytes, a read
/// ends with values or with one issue naming the file and a line inside it, never a crash; and values
/// written as OTRS writes them read back unchanged. A short budget here; the coverage-guided run by hand
/// is in `fuzz/`.
@Suite("Configuration readers: generated input")
struct ConfigReaderPropertyTests {
    // MARK: Perl

    /// Pieces of Perl config syntax, broken pieces included, that generated files are strung from.
    static let perlPieces = [
        "$Self->{", "'Key'", "\"K\\n\"", "}", "{", "[", "]", "->", "=", "=>", ",", ";", "undef", "0", "-1", "1e3",
        "0x1F", "q{a}", "qq{b}", "qw(a b)", "'", "\"", "\\", "# c\n", "\n", " ", "sub Load {", "return;", "1;",
        "$File", "my", "@_", "delete ", "\n=head1 X\n", "\n=cut\n", "ü", "\u{0}", "__END__", "$Self->{'A'}", "..", ".",
        "\"$Self->{B}\"", "'\\''", "[]", "{}", "$Self->{A}->{B}", "$Self->{A}[1]", "999999999999", "\t", "\r\n",
    ]

    static let perlText = Gen.int(in: 0..<perlPieces.count).array(of: 0...60)
        .map { indexes in indexes.map { ConfigReaderPropertyTests.perlPieces[$0] }.joined() }

    @Test("any string of Perl config pieces reads, or fails naming the file and a line inside it")
    func perlNeverCrashes() async {
        await propertyCheck(count: 400, input: Self.perlText) { body in
            let text = PerlReaderTests.file(body: body)
            do {
                _ = try PerlConfigReader.read(bytes: Array(text.utf8), displayName: "Kernel/Config/Files/ZZZTest.pm")
            } catch {
                Self.expectLocated(error, file: "Kernel/Config/Files/ZZZTest.pm", text: text)
            }
        }
    }

    @Test("random bytes as a Perl config file read or fail with file and line")
    func perlBytes() async {
        await propertyCheck(count: 300, input: Gen.uint8(in: 0...255).array(of: 0...300)) { bytes in
            do {
                _ = try PerlConfigReader.read(bytes: bytes, displayName: "Kernel/Config.pm")
            } catch {
                Self.expectLocated(error, file: "Kernel/Config.pm", text: String(decoding: bytes, as: UTF8.self))
            }
        }
    }

    /// Strings that need care in Perl's single quotes, or look like something else.
    static let perlStrings = ["", "0", "plain", "it's", "back\\slash", "\\'", "ünïcödé", "Привет", "日本語", "a\nb",
        " lead", "$Self->{X}", "@array", "=>", "#not a comment", "\u{1F600}", "'", "\\"]

    @Test("values written as OTRS writes them read back unchanged")
    func perlRoundTrip() async {
        let trees = Gen.int(in: 0...1000).array(of: 0...40).map { numbers in
            var builder = ValueBuilder(ConfigReaderPropertyTests.perlStrings, numbers)
            return builder.value()
        }
        await propertyCheck(count: 300, input: trees) { value in
            let body = "    $Self->{'Generated::Setting'} = \(Self.perl(value));"
            do {
                let read = try PerlConfigReader.read(bytes: Array(PerlReaderTests.file(body: body).utf8), displayName: "ZZZ.pm")
                #expect(read["Generated::Setting"] == value, "\(body)")
            } catch {
                Issue.record("\(error) in \(body)")
            }
        }
    }

    /// Perl source for `value`, quoted as OTRS's own config writer does (single quotes).
    static func perl(_ value: ConfigValue) -> String {
        switch value {
        case .undef: "undef"
        case .string(let text): quoted(text)
        case .array(let items): "[" + items.map { perl($0) + "," }.joined(separator: " ") + "]"
        case .hash(let entries):
            "{" + entries.keys.sorted().map { "\(quoted($0)) => \(perl(entries[$0]!))," }.joined(separator: " ") + "}"
        }
    }

    static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    // MARK: XML

    /// Pieces of SysConfig XML, broken pieces and entity tricks included.
    static let xmlPieces = [
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>", "<otrs_config version=\"2.0\" init=\"Config\">", "</otrs_config>",
        "<otrs_config version=\"1.0\" init=\"Framework\">", "<Setting Name=\"A::B\" Required=\"1\" Valid=\"1\">",
        "</Setting>", "<Description Translatable=\"1\">d</Description>", "<Navigation>Core</Navigation>", "<Value>",
        "</Value>", "<Item ValueType=\"String\" ValueRegex=\"\">", "<Item Key=\"k\">", "</Item>", "<Hash>", "</Hash>",
        "<Array>", "</Array>", "<Item ValueType=\"Select\" SelectedID=\"a\">", "<Item ValueType=\"Checkbox\">",
        "<ConfigItem Name=\"X\" Required=\"1\" Valid=\"1\">", "</ConfigItem>", "<Setting>", "text", "&amp;", "&#0;",
        "&#x1F600;", "&bogus;", "<![CDATA[x]]>", "<!-- c -->", "<", ">", "\"", "\n", "ü",
        "<!DOCTYPE x [<!ENTITY e \"eeeeeeee\">]>", "&e;", "<Item ValueType=\"Entity\" ValueEntityType=\"Queue\">",
        "<Option Value=\"o\">O</Option>", "<Item ValueType=\"PerlModule\" ValueFilter=\"Kernel/*.pm\">", "\u{0}",
    ]

    static let xmlText = Gen.int(in: 0..<xmlPieces.count).array(of: 0...60)
        .map { indexes in indexes.map { ConfigReaderPropertyTests.xmlPieces[$0] }.joined() }

    @Test("any string of SysConfig XML pieces reads, or fails naming the file and a line inside it")
    func xmlNeverCrashes() async {
        await propertyCheck(count: 400, input: Self.xmlText) { text in
            do {
                _ = try DefinitionReader.read(bytes: Array(text.utf8), displayName: "Kernel/Config/Files/XML/Gen.xml")
            } catch {
                Self.expectLocated(error, file: "Kernel/Config/Files/XML/Gen.xml", text: text)
            }
        }
    }

    @Test("random bytes as a definition file read or fail with file and line")
    func xmlBytes() async {
        await propertyCheck(count: 300, input: Gen.uint8(in: 0...255).array(of: 0...300)) { bytes in
            do {
                _ = try DefinitionReader.read(bytes: bytes, displayName: "Gen.xml")
            } catch {
                Self.expectLocated(error, file: "Gen.xml", text: String(decoding: bytes, as: UTF8.self))
            }
        }
    }

    /// The issue names the file, and a line no further than the text reaches (0: the file as a whole).
    static func expectLocated(_ error: any Error, file: String, text: String,
        sourceLocation: Testing.SourceLocation = #_sourceLocation)
    {
        guard let issue = error as? ConfigIssue else {
            Issue.record("not a configuration issue: \(error)", sourceLocation: sourceLocation)
            return
        }
        // line feeds as bytes: "\r\n" is one Character, so splitting the String would undercount
        let lines = text.utf8.filter { $0 == UInt8(ascii: "\n") }.count + 1
        #expect(issue.location?.file == file, "\(issue)", sourceLocation: sourceLocation)
        #expect((0...lines + 1).contains(issue.location?.line ?? -1), "\(issue) (the text has \(lines) lines)",
            sourceLocation: sourceLocation)
        #expect(!issue.message.isEmpty, sourceLocation: sourceLocation)
    }
}

/// Builds a config value from a list of numbers, so that shrinking the list shrinks the value.
struct ValueBuilder {
    let strings: [String]
    var numbers: ArraySlice<Int>

    init(_ strings: [String], _ numbers: [Int]) {
        self.strings = strings
        self.numbers = numbers[...]
    }

    mutating func next() -> Int { numbers.popFirst() ?? 0 }

    mutating func value(depth: Int = 0) -> ConfigValue {
        let choice = next()
        switch depth < 5 ? choice % 4 : choice % 2 {
        case 0: return .string(strings[next() % strings.count])
        case 1: return choice % 7 == 0 ? .undef : .string(strings[next() % strings.count] + String(choice))
        case 2: return .array((0..<next() % 4).map { _ in value(depth: depth + 1) })
        default:
            var entries: [String: ConfigValue] = [:]
            for _ in 0..<next() % 4 { entries[strings[next() % strings.count]] = value(depth: depth + 1) }
            return .hash(entries)
        }
    }
}

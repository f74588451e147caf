import Foundation
import PropertyBased
import Testing

@testable import ChatJSON

/// Nicolas Seriot's JSONTestSuite (MIT, `JSONTestSuite/LICENSE`): every `y_` text must be read, every `n_`
/// text refused with an error naming the problem; `i_` texts (implementation-defined) may go either way but
/// must not crash. The nesting limit is raised to 1,000 here so that the suite's deep `y_` cases count.
@Suite("JSON reader against JSONTestSuite")
struct JSONTestSuiteTests {
    static let directory = Bundle.module.resourceURL!.appendingPathComponent("JSONTestSuite/test_parsing")

    static func cases(_ prefix: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasPrefix(prefix) }.sorted()
    }

    static func read(_ name: String) throws -> JSON {
        let bytes = try Data(contentsOf: directory.appendingPathComponent(name))
        return try JSON.read(bytes, maxDepth: 1000)
    }

    @Test("the corpus is there: 95 accept, 188 reject and 35 implementation-defined cases")
    func corpus() {
        #expect(Self.cases("y_").count == 95)
        #expect(Self.cases("n_").count == 188)
        #expect(Self.cases("i_").count == 35)
    }

    @Test("every y_ case is read", arguments: cases("y_"))
    func accepts(_ name: String) {
        #expect(throws: Never.self) { try Self.read(name) }
    }

    @Test("every n_ case is refused with a clear error", arguments: cases("n_"))
    func rejects(_ name: String) {
        do {
            let value = try Self.read(name)
            Issue.record("\(name) was read as \(value.text)")
        } catch let error as JSONError {
            #expect(!error.message.isEmpty)
        } catch {
            Issue.record("\(name): \(error) is not a JSONError")
        }
    }

    @Test("i_ cases are read or refused, never a crash", arguments: cases("i_"))
    func implementationDefined(_ name: String) {
        _ = try? Self.read(name)
    }

    /// JSON values a generator builds from numbers: shrinking the numbers shrinks the value.
    static func value(_ numbers: [Int]) -> JSON {
        var numbers = numbers[...]
        func next() -> Int { numbers.popFirst() ?? 0 }
        let strings = ["", "a", "Grüße", "你好", "😀", "\"q\"", "back\\slash", "line\nbreak", "\u{0}\u{1F}\u{7F}", "<script>",
            "\u{2028}", "e\u{301}", "/"]
        func build(_ depth: Int) -> JSON {
            let choice = next()
            switch depth < 4 ? choice % 8 : choice % 6 {
            case 0: return .null
            case 1: return .bool(choice % 2 == 0)
            case 2: return .int(Int64(next()) * (choice % 3 == 0 ? -1_000_000_007 : 1))
            case 3: return .double(Double(next()) / 64 - 3.5)
            case 4, 5: return .string(strings[next() % strings.count] + String(choice % 10))
            case 6: return .array((0..<next() % 4).map { _ in build(depth + 1) })
            default:
                var pairs: [(String, JSON)] = []
                for _ in 0..<next() % 4 {
                    let key = strings[next() % strings.count] + "\(pairs.count)"
                    pairs.append((key, build(depth + 1)))
                }
                return .object(pairs)
            }
        }
        return build(0)
    }

    @Test("generated values round-trip through Foundation's JSONSerialization both ways")
    func foundationRoundTrip() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...10_000).array(of: 0...40)) { numbers in
            let value = Self.value(numbers)
            // ours written, Foundation reads
            let theirs = try? Reference.parse(value.text)
            #expect(theirs == value, "\(value.text)")
            // Foundation writes, ours reads
            if let object = try? JSONSerialization.jsonObject(with: Data(value.utf8), options: [.fragmentsAllowed]),
                let written = try? JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed])
            {
                #expect((try? JSON.read(written)) == value, "\(String(decoding: written, as: UTF8.self))")
            } else {
                Issue.record("Foundation could not round-trip \(value.text)")
            }
        }
    }
}

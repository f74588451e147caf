import Foundation
import Testing

@testable import ChatJSON

@Suite("JSON reading and writing")
struct JSONTests {
    /// Texts both readers must read to the same value.
    static let referenceTexts: [String] = [
        #"{"Type":"Command","OK":true,"No":false,"Nothing":null,"Seq":9007199254740993,"Neg":-5}"#,
        #""quote \" backslash \\ slash \/ b\b f\f n\n r\r t\t A\u0041 nul\u0000 unit\u001f del\u007f lt\u003c ls\u2028""#,
        #"{"Text":"Grüße 你好 👋🏽 \"q\" <script>","Escaped":"\u00fc\u4F60\u00E9"}"#,
        #"["\ud83d\udc4b\ud83c\udffd","\uD83D\uDE00","x\ud834\udd1ey","\u00fc\/"]"#,
        #"{"Grüße":1,"😀":2,"":3,"a\nb":4}"#,
        #"{"List":[1,"two",{"Deep":[[],{}]}],"Obj":{"A":{"B":{"C":[null,[[[true]]]]}}}}"#,
        "[true,false,null,true,false]",
        "[9223372036854775807,-9223372036854775808,9007199254740993,-9007199254740993,0,-0,1,-1]",
        "[-5,-42,-1234567890123,-9223372036854775807]",
        "{}", "[]", #""""#, #"{"A":{},"B":[],"C":"","D":[{}],"E":[[]]}"#,
        " \n\t{ \"A\" : [ 1 , 2 ] ,\r\n \"B\" : \"x\" , \"C\" : { } } \r\n",
        #""just a string""#, "42", "-7", "null", "true", "false",
    ]

    @Test("JSON.parse reads what Foundation's JSONSerialization reads", arguments: referenceTexts)
    func parserAgreesWithFoundation(_ text: String) throws {
        let ours = try #require(JSON.parse(text), "JSON.parse refused \(text)")
        let theirs = try Reference.parse(text)
        #expect(Reference.sortedKeys(ours) == theirs, "\(ours.text) vs Foundation's \(theirs.text)")
    }

    @Test("the reference converter tells booleans from integers and refuses what JSON cannot hold")
    func referenceConverter() throws {
        #expect(try Reference.parse("true") == .bool(true))
        #expect(try Reference.parse("false") == .bool(false))
        #expect(try Reference.parse("1") == .int(1))
        #expect(try Reference.parse("0") == .int(0))
        #expect(try Reference.parse("[1,true,0,false]") == [1, true, 0, false])
        #expect(try Reference.parse("-9223372036854775808") == .int(.min))
        #expect(try Reference.parse("2.5") == .double(2.5))
        #expect(try Reference.parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
    }

    @Test("objects keep their keys in order when read and written; == ignores the order")
    func keyOrder() {
        let parsed = JSON.parse(#"{"b":1,"a":2,"c":{"z":0,"y":[1,2]}}"#)
        #expect(parsed?.text == #"{"b":1,"a":2,"c":{"z":0,"y":[1,2]}}"#)
        guard case .object(let pairs)? = parsed else { Issue.record("not an object"); return }
        #expect(pairs.map(\.0) == ["b", "a", "c"])
        #expect(parsed == .object([("a", 2), ("b", 1), ("c", .object([("y", [1, 2]), ("z", 0)]))]))
        #expect(parsed != .object([("a", 2), ("b", 1), ("c", .object([("y", [2, 1]), ("z", 0)]))]))
    }

    @Test("== is structural: case and contents; numbers by value; strings by Unicode scalars")
    func equality() {
        #expect(JSON.int(1) == .int(1))
        #expect(JSON.int(1) != .string("1"))
        #expect(JSON.int(1) != .bool(true))
        #expect(JSON.int(0) != .bool(false))
        #expect(JSON.int(0) != .null)
        #expect(JSON.string("") != .null)
        #expect(JSON.array([]) != .object([]))
        #expect(JSON.array([1, 2]) != [2, 1])
        #expect(JSON.array([1, 2]) != [1, 2, 3])
        #expect(JSON.object([("A", 1)]) != .object([("A", 1), ("B", 2)]))
        #expect(JSON.object([("A", 1)]) != .object([("a", 1)]))
        #expect(JSON.object([("A", [1, ["B": .null]])]) == .object([("A", [1, ["B": .null]])]))
        #expect(JSON.object([("A", [1, ["B": .null]])]) != .object([("A", [1, ["B": false]])]))
        #expect(JSON.int(2500) == .double(2500))
        #expect(JSON.int(1) != .double(1.5))
        #expect(JSON.object([("A", 1), ("B", 2)]) == .object([("B", 2), ("A", 1)]))
        #expect(JSON.object([("A", 1), ("A", 2)]) == .object([("A", 2)]), "the last of a repeated key counts")
        // precomposed and decomposed é are canonically equivalent Swift strings, but different JSON strings
        #expect(JSON.string("\u{E9}") != .string("e\u{301}"))
        #expect(JSON.string("\u{E9}") == .string("\u{E9}"))
    }

    @Test("numbers are read by their value: integers within Int64 exactly, anything else as a Double")
    func numbers() throws {
        #expect(JSON.parse("2.5e3") == .double(2500))
        #expect(JSON.parse("2.5e3") == .int(2500))
        #expect(JSON.parse("2.5e3")?.intValue == 2500)
        #expect(JSON.parse("1E+2") == .int(100))
        #expect(JSON.parse("-2.9") == .double(-2.9))
        #expect(JSON.parse("-2.9")?.intValue == nil)
        #expect(JSON.parse("1.0") == .int(1))
        #expect(JSON.parse("-0") == .int(0))
        #expect(JSON.parse(" [ 1 , 2.5e3 , true ] ") == [1, 2500, true])
        #expect(JSON.parse("9223372036854775807") == .int(.max))
        #expect(JSON.parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(JSON.parse("9007199254740993") == .int(9_007_199_254_740_993), "IDs beyond 2^53 stay exact")
        #expect(throws: JSONError.self) { try JSON.read("1e400") }
        #expect(JSON.double(0.1).text == "0.1")
        #expect(JSON.double(2500).text == "2500.0")
    }

    @Test("malformed numbers that Foundation refuses")
    func malformedNumbers() {
        let texts = ["1-2", "1.2.3", "01", "1.", "1e", "-01"]
        for text in texts {
            #expect(throws: (any Error).self, "Foundation refuses \(text)") {
                try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
            }
        }
        for text in texts { #expect(JSON.parse(text) == nil, "\(text)") }
    }

    @Test("the writer's text, by hand")
    func writerText() {
        let value: JSON = [
            "Type": "Command", "OK": true, "No": false, "Nothing": .null, "Seq": 9_007_199_254_740_993, "Neg": -5,
            "Text": "Grüße \"quoted\" \\ back\nnew\ttab <script> 你好 👋🏽 \u{2028} \u{01}",
            "List": [1, "two", ["Deep": []]], "Empty": [:],
        ]
        #expect(value.text == #"{"Type":"Command","OK":true,"No":false,"Nothing":null,"Seq":9007199254740993,"Neg":-5,"#
            + #""Text":"Grüße \"quoted\" \\ back\nnew\ttab \u003cscript> 你好 👋🏽 \u2028 \u0001","#
            + #""List":[1,"two",{"Deep":[]}],"Empty":{}}"#)
        #expect(JSON.array([]).text == "[]")
        #expect(JSON.object([]).text == "{}")
        #expect(JSON.string("").text == #""""#)
        #expect(JSON.null.text == "null")
        #expect(JSON.int(-42).text == "-42")
    }

    @Test("the writer escapes what JSON, script blocks and JavaScript need, and copies the rest as UTF-8")
    func writing() {
        let text: JSON = .string("a\"b\\c\nd\re\tf<g\u{01}\u{1F}h\u{2028}i\u{2029}jü你👋🏽\u{7F}")
        #expect(text.text == #""a\"b\\c\nd\re\tf\u003cg\u0001\u001fh\u2028i\u2029jü你👋🏽\#u{7F}""#)
        #expect(JSON.string("\u{08}\u{0C}\u{00}/").text == #""\u0008\u000c\u0000/""#)
        #expect(JSON.object([("Seq", .int(Int64.min)), ("Max", .int(Int64.max)), ("Empty", .string(""))]).text
            == #"{"Seq":-9223372036854775808,"Max":9223372036854775807,"Empty":""}"#)
        #expect(Array(JSON.array([.null, .bool(true), .bool(false)]).text.utf8) == JSON.array([.null, true, false]).utf8)
    }

    /// Values the writer writes; Foundation must read each back to the same value, and so must JSON.parse.
    static let writtenValues: [JSON] = [
        [
            "Type": "Command", "OK": true, "No": false, "Nothing": .null, "Seq": 9_007_199_254_740_993, "Neg": -5,
            "Text": "Grüße \"quoted\" \\ back\nnew\ttab <script> 你好 👋🏽 \u{2028}\u{2029} \u{01}\u{08}\u{0C}\u{1F}\u{7F}\u{00}",
            "List": [1, "two", ["Deep": [], "Deeper": [[:], [[]]]]],
        ],
        .object([("Max", .int(.max)), ("Min", .int(.min)), ("Zero", 0), ("😀 ü", "key with non-ASCII")]),
        .string("\u{E9} e\u{301} \u{1D11E}"), .int(-1), .bool(false), .null, [], [:],
    ]

    @Test("Foundation reads what the writer wrote back to the same value", arguments: writtenValues)
    func writerReadByFoundation(_ value: JSON) throws {
        let theirs = try Reference.parse(value.text)
        #expect(theirs == Reference.sortedKeys(value), "\(value.text)")
        #expect(JSON.parse(value.text) == value)
    }

    @Test("anything that is not exactly one JSON value is refused")
    func refusals() {
        for text in ["", "{", "{\"A\":}", "[1,]", "{\"A\":1}x", "\"\u{01}\"", "tru", "-", "{\"A\" 1}", "\"\\ud83d\"",
                     String(repeating: "[", count: 70) + String(repeating: "]", count: 70)]
        {
            #expect(JSON.parse(text) == nil, "\(text)")
        }
    }
}

/// Foundation's JSONSerialization as an independent reader, converted to our `JSON`. Foundation's
/// dictionaries lose key order, so objects come out with their keys sorted (compare with `sortedKeys`).
enum Reference {
    struct NotRepresentable: Error, CustomStringConvertible {
        let description: String
    }

    static func parse(_ text: String) throws -> JSON {
        try convert(try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]))
    }

    static func convert(_ value: Any) throws -> JSON {
        switch value {
        case is NSNull: return .null
        case let number as NSNumber: return try self.number(number)
        case let string as String: return .string(string)
        case let array as [Any]: return .array(try array.map(convert))
        case let object as [String: Any]:
            return .object(try object.map { ($0.key, try convert($0.value)) }.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) })
        default: throw NotRepresentable(description: "\(type(of: value)): \(value)")
        }
    }

    /// Booleans are the CFBoolean class (objCType "c"); integers any integer objCType; Int64.min comes as an
    /// NSDecimalNumber; everything else is a Double.
    static func number(_ number: NSNumber) throws -> JSON {
        if ObjectIdentifier(type(of: number)) == ObjectIdentifier(type(of: NSNumber(value: true))) {
            return .bool(number.boolValue)
        }
        if let decimal = number as? NSDecimalNumber {
            guard decimal.decimalValue == Decimal(decimal.int64Value) else { return .double(decimal.doubleValue) }
            return .int(decimal.int64Value)
        }
        switch String(cString: number.objCType) {
        case "c", "s", "i", "l", "q", "C", "S", "I", "L": return .int(number.int64Value)
        case "Q" where number.uint64Value <= UInt64(Int64.max): return .int(number.int64Value)
        default: return .double(number.doubleValue)
        }
    }

    /// The same value with every object's keys sorted (by UTF-8 bytes, as `convert` sorts them).
    static func sortedKeys(_ value: JSON) -> JSON {
        switch value {
        case .array(let items): .array(items.map(sortedKeys))
        case .object(let pairs):
            .object(pairs.map { ($0.0, sortedKeys($0.1)) }.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) })
        default: value
        }
    }
}

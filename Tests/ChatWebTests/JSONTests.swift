import Testing

@testable import ChatWeb

@Suite("JSON reading and writing")
struct JSONTests {
    @Test("frames round-trip: escapes, non-ASCII, surrogate pairs, nesting, booleans, integers")
    func roundTrip() {
        let value: JSON = [
            "Type": "Command", "OK": true, "No": false, "Nothing": .null, "Seq": 9_007_199_254_740_993, "Neg": -5,
            "Text": "Grüße \"quoted\" \\ back\nnew\ttab <script> 你好 👋🏽 \u{2028} \u{01}",
            "List": [1, "two", ["Deep": []]],
        ]
        #expect(JSON.parse(value.text) == value)
        #expect(JSON.parse(#"{"A":"\ud83d\udc4b\u00fc\/"}"#) == ["A": "👋ü/"])
        #expect(JSON.parse(" [ 1 , 2.5e3 , true ] ") == [1, 2, true])
    }

    @Test("the writer escapes what JSON, script blocks and JavaScript need, and copies the rest as UTF-8")
    func writing() {
        let text: JSON = .string("a\"b\\c\nd\re\tf<g\u{01}\u{1F}h\u{2028}i\u{2029}jü你👋🏽\u{7F}")
        #expect(text.text == #""a\"b\\c\nd\re\tf\u003cg\u0001\u001fh\u2028i\u2029jü你👋🏽\#u{7F}""#)
        #expect(JSON.object([("Seq", .int(Int64.min)), ("Max", .int(Int64.max)), ("Empty", .string(""))]).text
            == #"{"Seq":-9223372036854775808,"Max":9223372036854775807,"Empty":""}"#)
        #expect(Array(JSON.array([.null, .bool(true), .bool(false)]).text.utf8) == JSON.array([.null, true, false]).utf8)
    }

    @Test("anything that is not exactly one JSON value is refused")
    func refusals() {
        for text in ["", "{", "{\"A\":}", "[1,]", "{\"A\":1}x", "\"\u{01}\"", "tru", "-", "{\"A\" 1}", "\"\\ud83d\"",
                     String(repeating: "[", count: 40) + String(repeating: "]", count: 40)]
        {
            #expect(JSON.parse(text) == nil, "\(text)")
        }
    }
}

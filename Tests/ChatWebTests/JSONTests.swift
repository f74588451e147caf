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

    @Test("anything that is not exactly one JSON value is refused")
    func refusals() {
        for text in ["", "{", "{\"A\":}", "[1,]", "{\"A\":1}x", "\"\u{01}\"", "tru", "-", "{\"A\" 1}", "\"\\ud83d\"",
                     String(repeating: "[", count: 40) + String(repeating: "]", count: 40)]
        {
            #expect(JSON.parse(text) == nil, "\(text)")
        }
    }
}

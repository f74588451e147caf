/// Why a text is not JSON: what was wrong and at which byte.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    /// Byte offset into the text (0-based).
    public let offset: Int

    public var description: String { "not JSON at byte \(offset): \(message)" }
}

extension JSON {
    /// Reads exactly one JSON value (RFC 8259, strictly: no trailing commas, comments, leading zeros,
    /// single quotes, bare control characters, invalid UTF-8 or lone surrogates) nested at most
    /// `maxDepth` deep; anything else is an error naming the problem and the byte.
    public static func read(_ bytes: some Collection<UInt8>, maxDepth: Int = 64) throws(JSONError) -> JSON {
        var reader = JSONReader(Array(bytes), maxDepth: maxDepth)
        return try reader.document()
    }

    public static func read(_ text: String, maxDepth: Int = 64) throws(JSONError) -> JSON {
        try read(text.utf8, maxDepth: maxDepth)
    }

    /// `read`, nil instead of the error: for client input that is simply refused.
    public static func parse(_ text: String, maxDepth: Int = 64) -> JSON? {
        try? read(text.utf8, maxDepth: maxDepth)
    }
}

/// A strict reader on bytes, built for speed (a client frame is read in microseconds).
struct JSONReader {
    private let bytes: [UInt8]
    private let maxDepth: Int
    private var index = 0
    private var depth = 0

    init(_ bytes: [UInt8], maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    mutating func document() throws(JSONError) -> JSON {
        let value = try value()
        skipSpace()
        guard index == bytes.count else { throw fail("text after the value") }
        return value
    }

    private func fail(_ message: String) -> JSONError { JSONError(message: message, offset: index) }

    private mutating func skipSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
    }

    private mutating func value() throws(JSONError) -> JSON {
        skipSpace()
        guard index < bytes.count else { throw fail("a value was expected, the text ended") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw fail("unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString, _ value: JSON) throws(JSONError) -> JSON {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
            word.withUTF8Buffer({ $0.elementsEqual(bytes[index..<index + count]) })
        else { throw fail("unknown literal (true, false or null expected)") }
        index += count
        return value
    }

    private mutating func skip(_ byte: Unicode.Scalar) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: byte) else { return false }
        index += 1
        return true
    }

    private mutating func enter() throws(JSONError) {
        depth += 1
        guard depth <= maxDepth else { throw fail("nested deeper than \(maxDepth) levels") }
        index += 1
    }

    private mutating func object() throws(JSONError) -> JSON {
        try enter()
        defer { depth -= 1 }
        var pairs: [(String, JSON)] = []
        if skip("}") { return .object(pairs) }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("a key in double quotes was expected") }
            let key = try string()
            guard skip(":") else { throw fail("':' was expected after the key") }
            pairs.append((key, try value()))
            if skip(",") { continue }
            guard skip("}") else { throw fail("',' or '}' was expected") }
            return .object(pairs)
        }
    }

    private mutating func array() throws(JSONError) -> JSON {
        try enter()
        defer { depth -= 1 }
        var items: [JSON] = []
        if skip("]") { return .array(items) }
        while true {
            items.append(try value())
            if skip(",") { continue }
            guard skip("]") else { throw fail("',' or ']' was expected") }
            return .array(items)
        }
    }

    /// RFC 8259's grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`. Integers that fit
    /// 64 bits stay exact; every other number is a finite Double.
    private mutating func number() throws(JSONError) -> JSON {
        let start = index
        if peek(UInt8(ascii: "-")) { index += 1 }
        let digitsStart = index
        guard skipDigits() else { throw fail("a digit was expected") }
        guard bytes[digitsStart] != UInt8(ascii: "0") || index - digitsStart == 1 else { throw fail("a number must not start with 0") }
        var integral = true
        if peek(UInt8(ascii: ".")) {
            index += 1
            integral = false
            guard skipDigits() else { throw fail("a digit was expected after '.'") }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            index += 1
            integral = false
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { index += 1 }
            guard skipDigits() else { throw fail("a digit was expected in the exponent") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if integral, let int = Int64(text) { return .int(int) }
        guard let double = Double(text), double.isFinite else { throw JSONError(message: "number out of range", offset: start) }
        return .double(double)
    }

    private func peek(_ byte: UInt8) -> Bool {
        index < bytes.count && bytes[index] == byte
    }

    private mutating func skipDigits() -> Bool {
        let start = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index > start
    }

    /// A string at `index` (on its opening quote): escapes decoded, surrogate pairs joined, UTF-8 checked.
    private mutating func string() throws(JSONError) -> String {
        index += 1
        var runStart = index
        var ascii = true
        var out = ""
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                try appendRun(runStart, ascii: ascii, to: &out)
                index += 1
                return out
            }
            if byte < 0x20 { throw fail("a control character must be escaped in a string") }
            if byte != UInt8(ascii: "\\") {
                if byte >= 0x80 { ascii = false }
                index += 1
                continue
            }
            try appendRun(runStart, ascii: ascii, to: &out)
            ascii = true
            index += 1
            guard index < bytes.count else { break }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""): out += "\""
            case UInt8(ascii: "\\"): out += "\\"
            case UInt8(ascii: "/"): out += "/"
            case UInt8(ascii: "b"): out += "\u{08}"
            case UInt8(ascii: "f"): out += "\u{0C}"
            case UInt8(ascii: "n"): out += "\n"
            case UInt8(ascii: "r"): out += "\r"
            case UInt8(ascii: "t"): out += "\t"
            case UInt8(ascii: "u"): out.unicodeScalars.append(try escapedScalar())
            default: throw fail("unknown escape")
            }
            runStart = index
        }
        throw fail("the string is not closed")
    }

    /// Copies the raw bytes since `start` (no escapes in them), refusing invalid UTF-8.
    private func appendRun(_ start: Int, ascii: Bool, to out: inout String) throws(JSONError) {
        guard start < index else { return }
        let run = bytes[start..<index]
        // ASCII needs no check; anything else must be valid UTF-8
        if ascii {
            out += String(decoding: run, as: UTF8.self)
        } else if let text = String(validating: run, as: UTF8.self) {
            out += text
        } else {
            throw JSONError(message: "invalid UTF-8 in a string", offset: start)
        }
    }

    /// A `\u` escape's four hex digits (already past `\u`); a high surrogate joined with the low one that must follow.
    private mutating func escapedScalar() throws(JSONError) -> Unicode.Scalar {
        var code = try hex4()
        if (0xD800...0xDBFF).contains(code) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw fail("a lone surrogate (\\u\(String(code, radix: 16))) is not a character")
            }
            index += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else { throw fail("a high surrogate must be followed by a low one") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else { throw fail("a lone surrogate (\\u\(String(code, radix: 16))) is not a character") }
        return scalar
    }

    private mutating func hex4() throws(JSONError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("four hex digits were expected after \\u") }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("four hex digits were expected after \\u")
            }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }
}

/// What a writer escapes beyond what JSON requires (`"`, `\` and control characters).
public struct JSONEscaping: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// `<` as `\u003c` (the text is safe inside a `<script>` block) and U+2028/U+2029 (safe in JavaScript source).
    public static let script = JSONEscaping(rawValue: 1)
    /// DEL (0x7F) as `\u007f`, as perl's JSON::PP writes it (the configuration's canonical dump).
    public static let delete = JSONEscaping(rawValue: 2)
}

extension JSON {
    /// Compact JSON text, script-safe (`<`, U+2028, U+2029 escaped); non-ASCII written as UTF-8.
    public var text: String { String(decoding: utf8, as: UTF8.self) }

    /// The same as UTF-8 bytes: every frame to every tab is written here.
    public var utf8: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out)
        return out
    }

    public func write(to out: inout [UInt8], escaping: JSONEscaping = .script) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): out.append(contentsOf: String(i).utf8)  // a small string: no allocation
        case .double(let d): out.append(contentsOf: (d.isFinite ? "\(d)" : "null").utf8)
        case .string(let s): JSONWriter.writeString(s, to: &out, escaping: escaping)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out, escaping: escaping)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            for (index, (key, value)) in pairs.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                JSONWriter.writeString(key, to: &out, escaping: escaping)
                out.append(UInt8(ascii: ":"))
                value.write(to: &out, escaping: escaping)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}

/// The one place strings are escaped for JSON.
public enum JSONWriter {
    /// `s` as a JSON string: `"` `\` and control characters escaped (the common ones by name), plus what
    /// `escaping` asks for; everything else copied as UTF-8, in runs.
    public static func writeString(_ s: String, to out: inout [UInt8], escaping: JSONEscaping = .script) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            var runStart = 0
            var index = 0
            let count = bytes.count
            let script = escaping.contains(.script), delete = escaping.contains(.delete)
            while index < count {
                let byte = bytes[index]
                let escape: StaticString?
                var width = 1
                switch byte {
                case UInt8(ascii: "\""): escape = "\\\""
                case UInt8(ascii: "\\"): escape = "\\\\"
                case UInt8(ascii: "\n"): escape = "\\n"
                case UInt8(ascii: "\r"): escape = "\\r"
                case UInt8(ascii: "\t"): escape = "\\t"
                case UInt8(ascii: "<") where script: escape = "\\u003c"
                case 0xE2 where script && index + 2 < count && bytes[index + 1] == 0x80
                    && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    escape = bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
                    width = 3
                case 0..<0x20: escape = nil
                case 0x7F where delete: escape = nil
                default:
                    index += 1
                    continue
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                if let escape {
                    escape.withUTF8Buffer { out.append(contentsOf: $0) }
                } else {
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: "\\u00".utf8)
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0xF)])
                }
                index += width
                runStart = index
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<count]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// The same, appended to a String being built.
    public static func appendString(_ s: String, to out: inout String, escaping: JSONEscaping = []) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(s.utf8.count + 2)
        writeString(s, to: &bytes, escaping: escaping)
        out += String(decoding: bytes, as: UTF8.self)
    }
}

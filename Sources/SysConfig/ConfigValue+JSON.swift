import ChatJSON

/// Canonical JSON for config values: sorted keys (by code point, as perl's `sort` and JSON::PP's
/// `canonical` order them), scalars as JSON strings, undef as null. Deterministic, so its digest
/// identifies a configuration.
extension ConfigValue {
    public func jsonText(pretty: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(4096)
        writeJSON(into: &out, pretty: pretty, indent: 0)
        return out
    }

    private func writeJSON(into out: inout String, pretty: Bool, indent: Int) {
        switch self {
        case .undef:
            out += "null"
        case .string(let s):
            Self.writeJSONString(s, into: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                if pretty { Self.newline(&out, indent + 1) }
                item.writeJSON(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { Self.newline(&out, indent) }
            out += "]"
        case .hash(let dict):
            if dict.isEmpty { out += "{}"; return }
            out += "{"
            for (i, key) in dict.keys.sorted(by: Self.codePointOrder).enumerated() {
                if i > 0 { out += "," }
                if pretty { Self.newline(&out, indent + 1) }
                Self.writeJSONString(key, into: &out)
                out += pretty ? ": " : ":"
                dict[key]!.writeJSON(into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { Self.newline(&out, indent) }
            out += "}"
        }
    }

    /// Code-point order (UTF-8 byte order is the same), unlike Swift's own String comparison.
    public static func codePointOrder(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    private static func newline(_ out: inout String, _ indent: Int) {
        out += "\n" + String(repeating: "  ", count: indent)
    }

    /// As perl's JSON::PP writes strings: control characters and DEL escaped, the rest as UTF-8.
    static func writeJSONString(_ s: String, into out: inout String) {
        JSONWriter.appendString(s, to: &out, escaping: .delete)
    }
}

import Foundation

/// Numeric literals in perl's own string form: what `"$v"` prints for them.
enum PerlNumber {
    /// `literal` is the source text (digits, `_`, `.`, exponent, `0x`/`0b`/`0o`/octal prefixes).
    /// Returns nil when it is no number perl would accept.
    static func stringForm(of literal: String, negated: Bool = false) -> String? {
        let text = literal.replacingOccurrences(of: "_", with: "")
        let lower = text.lowercased()
        if lower.hasPrefix("0x") { return integer(String(lower.dropFirst(2)), radix: 16, negated) }
        if lower.hasPrefix("0b") { return integer(String(lower.dropFirst(2)), radix: 2, negated) }
        if lower.hasPrefix("0o") { return integer(String(lower.dropFirst(2)), radix: 8, negated) }
        let isFloat = lower.contains(".") || lower.contains("e")
        if !isFloat {
            if lower.count > 1 && lower.hasPrefix("0") { return integer(String(lower.dropFirst()), radix: 8, negated) }
            return integer(lower, radix: 10, negated)
        }
        guard let value = Double(lower.hasSuffix(".") ? String(lower.dropLast()) : lower) else { return nil }
        return floatForm(negated ? -value : value)
    }

    /// Integers stay exact while they fit perl's IV/UV; beyond that perl falls back to a double.
    private static func integer(_ digits: String, radix: Int, _ negated: Bool) -> String? {
        guard !digits.isEmpty, digits.allSatisfy({ $0.isHexDigit && Int(String($0), radix: radix) != nil }) else {
            return digits.isEmpty && radix == 8 ? "0" : nil
        }
        if let value = UInt64(digits, radix: radix) {
            if !negated || value == 0 { return String(value) }
            if value <= UInt64(Int64.max) + 1 { return "-" + String(value) }
            return floatForm(-Double(value))
        }
        guard radix == 10, let value = Double(digits) else { return nil }
        return floatForm(negated ? -value : value)
    }

    /// perl prints a double with `%.15g`, and infinities as Inf / -Inf; negative zero prints as 0.
    static func floatForm(_ value: Double) -> String {
        if value.isInfinite { return value < 0 ? "-Inf" : "Inf" }
        if value.isNaN { return "NaN" }
        if value == 0 { return "0" }
        return String(format: "%.15g", value)
    }
}

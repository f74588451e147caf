import Foundation

/// An IPv4 or IPv6 address as 16 bytes (IPv4 mapped into IPv6), parsed strictly: four decimal octets, or
/// eight hexadecimal groups with at most one `::` and an optional dotted IPv4 tail; a zone (`%eth0`) is dropped.
struct IPAddress: Equatable {
    let bytes: [UInt8]
    let isIPv4: Bool

    init?(_ text: Substring) {
        let text = text.split(separator: "%", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        if let v4 = Self.ipv4(text) {
            bytes = [UInt8](repeating: 0, count: 10) + [0xff, 0xff] + v4
            isIPv4 = true
        } else if let v6 = Self.ipv6(text) {
            bytes = v6
            isIPv4 = false
        } else {
            return nil
        }
    }

    static func ipv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }), let value = UInt8(part) else {
                return nil
            }
            octets.append(value)
        }
        return octets
    }

    static func ipv6(_ text: Substring) -> [UInt8]? {
        guard text.contains(":"), text.count <= 45 else { return nil }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        guard let head = groups(Substring(halves[0])) else { return nil }
        if halves.count == 1 { return head.count == 16 ? head : nil }
        guard let tail = groups(Substring(halves[1])), head.count + tail.count <= 14 else { return nil }
        return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
    }

    /// Colon-separated 16-bit groups (the last may be a dotted IPv4 address) as bytes.
    private static func groups(_ text: Substring) -> [UInt8]? {
        if text.isEmpty { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var bytes: [UInt8] = []
        for (index, part) in parts.enumerated() {
            if index == parts.count - 1, part.contains("."), let v4 = ipv4(part) {
                bytes += v4
                continue
            }
            guard (1...4).contains(part.count), part.allSatisfy(\.isHexDigit), let value = UInt16(part, radix: 16) else {
                return nil
            }
            bytes += [UInt8(value >> 8), UInt8(value & 0xff)]
        }
        return bytes.count <= 16 ? bytes : nil
    }
}

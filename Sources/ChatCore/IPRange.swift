import Foundation

/// A CIDR range of IPv4 or IPv6 addresses (`192.0.2.0/24`, `2001:db8::/32`; a bare address is its own
/// range), as `ChatEngine::PublicInterface::BlockedIPRanges` lists them. IPv4 is held as IPv4-mapped IPv6
/// (`::ffff:a.b.c.d`), so an IPv4 range also matches a client seen on a dual-stack socket.
public struct IPRange: Sendable, Hashable, CustomStringConvertible {
    /// The network's 16 bytes, host bits cleared.
    let network: [UInt8]
    /// Leading bits that must match (0...128).
    let prefixLength: Int
    public let description: String

    /// Parses one entry; the error names what is wrong with it.
    public init(_ text: String) throws(IPRangeError) {
        let entry = text.trimmingCharacters(in: .whitespaces)
        let parts = entry.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPAddress(parts[0]) else {
            throw IPRangeError(entry: entry, problem: "is not an IPv4 or IPv6 address or a CIDR range like 192.0.2.0/24")
        }
        let maximum = address.isIPv4 ? 32 : 128
        var length = maximum
        if parts.count == 2 {
            guard let bits = Int(parts[1]), parts[1].allSatisfy(\.isASCII), (0...maximum).contains(bits) else {
                throw IPRangeError(entry: entry, problem: "has a prefix length that is not a number from 0 to \(maximum)")
            }
            length = bits
        }
        prefixLength = address.isIPv4 ? length + 96 : length
        network = Self.masked(address.bytes, prefixLength)
        description = entry
    }

    /// Whether `address` (as the client address is written: `192.0.2.7`, `2001:db8::1`, `::ffff:192.0.2.7`)
    /// lies in this range; an unreadable address is in no range.
    public func contains(_ address: String) -> Bool {
        guard let parsed = IPAddress(Substring(address)) else { return false }
        return Self.masked(parsed.bytes, prefixLength) == network
    }

    static func masked(_ bytes: [UInt8], _ bits: Int) -> [UInt8] {
        bytes.enumerated().map { index, byte in
            let keep = max(0, min(8, bits - index * 8))
            return keep == 8 ? byte : byte & ~(UInt8.max >> keep)
        }
    }
}

/// A bad entry of an IP range list: which entry and what is wrong with it.
public struct IPRangeError: Error, Sendable, Equatable, CustomStringConvertible {
    public let entry: String
    public let problem: String
    public var description: String { "'\(entry)' \(problem)" }
}

extension IPRange {
    /// Parses a whole list, naming the first bad entry.
    public static func list(_ entries: [String]) throws(IPRangeError) -> [IPRange] {
        var ranges: [IPRange] = []
        for entry in entries where !entry.trimmingCharacters(in: .whitespaces).isEmpty { ranges.append(try IPRange(entry)) }
        return ranges
    }
}

extension [IPRange] {
    /// Whether any range holds `address`.
    public func containsAddress(_ address: String) -> Bool { contains { $0.contains(address) } }
}

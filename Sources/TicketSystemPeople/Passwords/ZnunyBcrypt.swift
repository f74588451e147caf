import HummingbirdBcrypt

/// Znuny's own bcrypt form `BCRYPT:<cost>:<salt16>:<hash31>`: the 16 salt characters are the raw bcrypt
/// salt bytes and the hash is bcrypt's 23-byte output in bcrypt's base64, computed over the password's
/// bytes plus a NUL, cut to 72 bytes (Crypt::Eksblowfish::Bcrypt with `key_nul`). That is standard bcrypt,
/// so the row is rewritten in modular form and checked by HummingbirdBcrypt.
enum ZnunyBcrypt {
    struct Parts: Equatable {
        let cost: Int
        let salt: [UInt8]
        let hash: [UInt8]
    }

    /// The parts of `BCRYPT:(\d+):(.{16}):(.*)`, or nil for anything bcrypt would refuse (cost outside
    /// 4...31; Znuny itself writes 9...31) and for salts or hashes no computation could reproduce.
    static func parts(of stored: String) -> Parts? {
        var rest = Substring(stored)
        guard rest.hasPrefix("BCRYPT:") else { return nil }
        rest = rest.dropFirst("BCRYPT:".count)
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        rest = rest.dropFirst(digits.count)
        guard !digits.isEmpty, rest.first == ":" else { return nil }
        rest = rest.dropFirst()
        // leading zeros are fine ("012" counts as 12, as in Perl); more digits can only mean too large
        let significant = digits.drop { $0 == "0" }
        guard significant.count <= 2, let cost = Int(significant.isEmpty ? "0" : String(significant)),
              (4...31).contains(cost) else { return nil }
        // Znuny's salts are [0-9A-Za-z]; a non-ASCII one has no 16-byte reading we could trust
        let salt = Array(rest.unicodeScalars.prefix(16))
        guard salt.count == 16, salt.allSatisfy(\.isASCII) else { return nil }
        rest = Substring(rest.unicodeScalars.dropFirst(16))
        guard rest.first == ":" else { return nil }
        // the computed hash is always 31 characters of bcrypt's alphabet, so nothing else can match
        let hash = Array(rest.dropFirst().utf8)
        guard hash.count == 31, hash.allSatisfy({ alphabet.contains($0) }) else { return nil }
        return Parts(cost: cost, salt: salt.map { UInt8($0.value) }, hash: hash)
    }

    /// `$2b$<cost>$<22-char salt><hash31>`. `$2b$` rather than `$2a$`: the same hash for every password up
    /// to 254 bytes, but OpenBSD's `$2a$` code wraps the key length at 256 while Znuny simply cuts at 72.
    static func modular(_ parts: Parts) -> String {
        let cost = parts.cost < 10 ? "0\(parts.cost)" : "\(parts.cost)"
        let salt = String(decoding: base64(parts.salt).prefix(22), as: UTF8.self)
        return "$2b$\(cost)$\(salt)" + String(decoding: parts.hash, as: UTF8.self)
    }

    static func verify(_ password: String, stored: String) -> Bool {
        guard let parts = parts(of: stored) else { return false }
        // The C code reads the password up to its first NUL; Znuny hashes all of its bytes. Both agree
        // only if no NUL comes before byte 72 (the 72nd byte is where Znuny's own NUL would go).
        if let nul = Array(password.utf8).firstIndex(of: 0), nul < 71 { return false }
        return Bcrypt.verify(password, hash: modular(parts))
    }

    private static let alphabet = Array("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// bcrypt's base64: plain base64's bit layout with its own alphabet and no padding.
    static func base64(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * $1.offset) }
            for position in 0...chunk.count {
                out.append(alphabet[Int(value >> (18 - 6 * position) & 0x3f)])
            }
            index += 3
        }
        return out
    }
}

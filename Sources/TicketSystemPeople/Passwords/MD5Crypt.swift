import Crypto

/// Poul-Henning Kamp's MD5-crypt as Crypt::PasswdMD5 computes it: `unix_md5_crypt` (`$1$`) and
/// `apache_md5_crypt` (`$apr1$`) are the same algorithm with a different magic string.
enum MD5Crypt {
    enum Variant {
        case unix, apache

        var magic: [UInt8] { Array((self == .unix ? "$1$" : "$apr1$").utf8) }
    }

    /// `magic salt $ hash` for the password bytes and the salt exactly as Znuny passes it.
    static func crypt(_ password: [UInt8], salt: [UInt8], variant: Variant) -> [UInt8] {
        let magic = variant.magic
        let salt = normalizedSalt(salt, magic: magic)

        var alternate = Insecure.MD5()
        alternate.update(data: password)
        alternate.update(data: salt)
        alternate.update(data: password)
        let alternateDigest = Array(alternate.finalize())

        var context = Insecure.MD5()
        context.update(data: password)
        context.update(data: magic)
        context.update(data: salt)
        var remaining = password.count
        while remaining > 0 {
            context.update(data: alternateDigest.prefix(min(16, remaining)))
            remaining -= 16
        }
        // The original C zeroed the digest buffer first, hence a NUL where the bit is set.
        var bits = password.count
        while bits != 0 {
            context.update(data: bits & 1 != 0 ? [0] : Array(password.prefix(1)))
            bits >>= 1
        }
        var digest = Array(context.finalize())

        // 1000 rounds, only there to be slow
        for round in 0..<1000 {
            var step = Insecure.MD5()
            step.update(data: round & 1 != 0 ? password : digest)
            if round % 3 != 0 { step.update(data: salt) }
            if round % 7 != 0 { step.update(data: password) }
            step.update(data: round & 1 != 0 ? digest : password)
            digest = Array(step.finalize())
        }
        return magic + salt + [UInt8(ascii: "$")] + encoded(digest)
    }

    /// Crypt::PasswdMD5's own salt handling: drop a leading magic, cut at the last `$`, keep 8 bytes.
    /// (Its regex stops at line breaks; the caller never passes one.)
    static func normalizedSalt(_ salt: [UInt8], magic: [UInt8]) -> [UInt8] {
        var salt = salt.starts(with: magic) ? Array(salt.dropFirst(magic.count)) : salt
        if let lastDollar = salt.lastIndex(of: UInt8(ascii: "$")) { salt = Array(salt[..<lastDollar]) }
        return Array(salt.prefix(8))
    }

    private static let itoa64 = Array("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// The 22 characters of the digest in crypt's base64, bytes taken in the algorithm's fixed order.
    private static func encoded(_ digest: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        func append(_ value: UInt32, _ count: Int) {
            var value = value
            for _ in 0..<count {
                out.append(itoa64[Int(value & 0x3f)])
                value >>= 6
            }
        }
        for (a, b, c) in [(0, 6, 12), (1, 7, 13), (2, 8, 14), (3, 9, 15), (4, 10, 5)] {
            append(UInt32(digest[a]) << 16 | UInt32(digest[b]) << 8 | UInt32(digest[c]), 4)
        }
        append(UInt32(digest[11]), 2)
        return out
    }
}

import Crypto

/// The lowercase hex of SHA-256/512/SHA-1 over the password's UTF-8 bytes, as Digest::SHA's `hexdigest`
/// gives it (Znuny's sha2, sha512 and sha1 rows).
enum HexDigest {
    static func sha256(_ bytes: [UInt8]) -> [UInt8] { hex(SHA256.hash(data: bytes)) }
    static func sha512(_ bytes: [UInt8]) -> [UInt8] { hex(SHA512.hash(data: bytes)) }
    static func sha1(_ bytes: [UInt8]) -> [UInt8] { hex(Insecure.SHA1.hash(data: bytes)) }

    private static let digits = Array("0123456789abcdef".utf8)

    private static func hex(_ digest: some Sequence<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return out
    }
}

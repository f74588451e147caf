/// Password checks exactly as Znuny/OTRS `Kernel::System::Auth::DB` (agents) and
/// `Kernel::System::CustomerAuth::DB` (customer users) do them; the row lookup and the validity rules stay
/// with the caller.
public enum TicketSystemPassword {
    /// The method a stored `pw` string selects, in the order Znuny tests the shapes.
    public enum Method: String, Sendable, CaseIterable {
        /// exactly 13 characters: crypt(3) salted with the first two (the whole string if it starts `$<digit>$`)
        case des
        /// `$magic$salt$…` with any magic but `$apr1$`: Crypt::PasswdMD5's `unix_md5_crypt`
        case md5Crypt
        /// `$apr1$salt$…`: `apache_md5_crypt`
        case apacheMD5
        /// 64 hex digits
        case sha256Hex
        /// 128 hex digits
        case sha512Hex
        /// `BCRYPT:<cost>:<salt16>:<hash>`
        case bcryptZnuny
        /// 40 hex digits
        case sha1Hex
        /// anything else (a `plain` row once CryptType is no longer `plain`): crypt(3) salted with the login
        case cryptWithLoginSalt
    }

    /// Whether `password` logs `login` in against the stored `pw` column under the configured CryptType.
    ///
    /// `login` only matters for `.cryptWithLoginSalt`. Znuny uses the row's spelling for agents and the
    /// typed spelling for customer users; they differ only where the database compares logins without case.
    /// Like Perl, Znuny treats `""` and `"0"` as missing, so such a password, stored string or login never
    /// logs in. Slow for bcrypt rows (a third of a second at cost 12): call it off the event loop.
    public static func verify(_ password: String, login: String, stored: String, configured: CryptType) -> Bool {
        guard isPerlTrue(password), isPerlTrue(stored), isPerlTrue(login) else { return false }
        let typed = Array(password.utf8), expected = Array(stored.utf8)
        if configured == .plain { return ConstantTime.equal(typed, expected) }

        let computed: [UInt8]?
        switch method(ofStored: stored) {
        case .des:
            let setting = isDollarDigitDollar(expected) ? expected : Array(expected.prefix(2))
            computed = UnixCrypt.crypt(typed, setting: setting)
        case .md5Crypt, .apacheMD5:
            // Znuny's regexes read a line break in ways no real row needs; refuse instead of guessing
            guard !expected.contains(UInt8(ascii: "\n")), let parts = md5Parts(expected) else { return false }
            computed = MD5Crypt.crypt(typed, salt: parts.salt, variant: parts.magic == apr1 ? .apache : .unix)
        case .sha256Hex: computed = HexDigest.sha256(typed)
        case .sha512Hex: computed = HexDigest.sha512(typed)
        case .sha1Hex: computed = HexDigest.sha1(typed)
        case .bcryptZnuny: return ZnunyBcrypt.verify(password, stored: stored)
        case .cryptWithLoginSalt: computed = UnixCrypt.crypt(typed, setting: Array(login.utf8))
        }
        guard let computed else { return false }
        return ConstantTime.equal(computed, expected)
    }

    /// Which method the stored string's shape selects (Znuny tests them in this order).
    public static func method(ofStored stored: String) -> Method {
        let bytes = Array(stored.utf8)
        if isThirteenCharacters(stored) { return .des }
        if let parts = md5Parts(bytes) { return parts.magic == apr1 ? .apacheMD5 : .md5Crypt }
        if isHex(bytes, count: 64) { return .sha256Hex }
        if isHex(bytes, count: 128) { return .sha512Hex }
        if stored.hasPrefix("BCRYPT:") { return .bcryptZnuny }
        if isHex(bytes, count: 40) { return .sha1Hex }
        return .cryptWithLoginSalt
    }

    // MARK: - Shapes, as Znuny's regexes see them

    private static let apr1 = Array("$apr1$".utf8)

    private static func isPerlTrue(_ value: String) -> Bool { !value.isEmpty && value != "0" }

    /// `/^.{13}$/`: 13 characters other than a line feed, optionally followed by one final line feed.
    private static func isThirteenCharacters(_ stored: String) -> Bool {
        var scalars = Array(stored.unicodeScalars)
        if scalars.count == 14, scalars.last == "\n" { scalars.removeLast() }
        return scalars.count == 13 && !scalars.contains("\n")
    }

    /// `/^\$\d\$/`
    private static func isDollarDigitDollar(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 3 && bytes[0] == UInt8(ascii: "$") && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[1])
            && bytes[2] == UInt8(ascii: "$")
    }

    /// `m{\A [0-9a-f]{n} \z}xmsi`: either letter case selects the method, but the computed hex is lowercase.
    private static func isHex(_ bytes: [UInt8], count: Int) -> Bool {
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9"), letters = UInt8(ascii: "a")...UInt8(ascii: "f")
        // `| 0x20` lowercases A-F and leaves the digits alone
        return bytes.count == count && bytes.allSatisfy { digits.contains($0) || letters.contains($0 | 0x20) }
    }

    /// `\$.+?\$.+?\$` at the start: the magic up to the first `$` after at least one character, the salt up to
    /// the next `$` after at least one more. A `$` byte is never part of a longer UTF-8 character, so bytes do.
    private static func md5Parts(_ bytes: [UInt8]) -> (magic: [UInt8], salt: [UInt8])? {
        let dollar = UInt8(ascii: "$")
        guard bytes.first == dollar, bytes.count > 2,
              let magicEnd = bytes[2...].firstIndex(of: dollar), magicEnd + 2 < bytes.count,
              let saltEnd = bytes[(magicEnd + 2)...].firstIndex(of: dollar) else { return nil }
        return (Array(bytes[...magicEnd]), Array(bytes[(magicEnd + 1)..<saltEnd]))
    }
}

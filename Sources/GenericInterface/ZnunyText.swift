/// What a Znuny 7 on MySQL/MariaDB does to text: its tables are utf8mb3, and before every write it replaces
/// each character beyond U+FFFF (emoji, rare CJK) with U+FFFD. PostgreSQL keeps them.
public enum ZnunyText {
    /// The text as such a Znuny stores it.
    public static func utf8mb3(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { scalars.append(scalar.value > 0xFFFF ? "\u{FFFD}" : scalar) }
        return String(scalars)
    }

    /// Whether such a Znuny would lose characters of the text (then keep the exact text in an attachment).
    public static func losesCharactersOnUTF8MB3(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value > 0xFFFF }
    }
}

import Foundation

/// An article's author as Znuny's `Article.From` takes it. Znuny reads the text with Mail::Address and refuses
/// it unless the first address in it is an e-mail address (captured live: `Rita Writer` alone is
/// "Article->From parameter is invalid!"), so a name goes with its address, quoted when it has characters
/// that would split or end it (`"Writer, Rita" <rw@example.com>`).
public enum GIMailbox {
    /// `Name <address>`, or nil when there is no address (then leave `From` out: Znuny fills it in).
    public static func from(name: String, email: String) -> String? {
        let email = email.trimmingCharacters(in: .whitespaces)
        guard !email.isEmpty, !email.contains(where: { $0.isWhitespace || "<>,;\"".contains($0) }) else { return nil }
        let name = String(name.filter { !$0.isNewline }.trimmingCharacters(in: .whitespaces).prefix(200))
        guard !name.isEmpty else { return email }
        let plain = name.allSatisfy { $0.isLetter || $0.isNumber || $0 == " " || "!#$%&'*+-/=?^_`{|}~".contains($0) }
        if plain { return "\(name) <\(email)>" }
        let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\" <\(email)>"
    }
}

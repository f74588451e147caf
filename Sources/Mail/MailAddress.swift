/// A mailbox: an optional display name (any Unicode; encoded on the way out) and the address itself.
public struct MailAddress: Sendable, Hashable {
    public var name: String
    public var address: String

    public init(name: String = "", address: String) {
        self.name = name
        self.address = address
    }

    /// Why this address cannot go into an SMTP envelope or a header, or nil when it can. Refused: empty,
    /// no `@`, whitespace or control characters (CR/LF would inject SMTP commands or headers), `<>`, and a
    /// leading `-` (it would read as an option to sendmail).
    public var problem: String? {
        if address.isEmpty { return "the address is empty" }
        if address.hasPrefix("-") { return "the address \(address.debugDescription) starts with '-'" }
        if !address.unicodeScalars.allSatisfy(\.isASCII) {
            return "the address \(address.debugDescription) is not ASCII (SMTPUTF8 is not supported)"
        }
        if address.utf8.count > 254 { return "the address is longer than 254 octets" }
        for scalar in address.unicodeScalars where scalar.value <= 0x20 || scalar.value == 0x7F
            || scalar == "<" || scalar == ">" || scalar == "," || scalar == "\"" {
            return "the address \(address.debugDescription) contains \(scalar.escaped(asASCII: true).debugDescription)"
        }
        guard let at = address.lastIndex(of: "@"), at != address.startIndex,
              address.index(after: at) != address.endIndex else {
            return "the address \(address.debugDescription) is not local@domain"
        }
        return nil
    }
}

/// The mark that makes a write findable again: `[Chat#42]` at the start of a ticket's title or an article's
/// subject. A write whose answer was lost (a timeout) may still have happened; before writing again the client
/// looks for the mark (see `GenericInterfaceClient+Once`). The reference is made from the outbox's
/// idempotency key by the caller, so one key is one mark.
public struct ChatMarker: Hashable, Sendable, CustomStringConvertible {
    public let reference: String

    /// Letters, digits, `-` `.` `_` only: nothing Znuny's title search would read as a wildcard (`*`, and the
    /// `%` `_` of SQL LIKE would only widen a search, and the client checks every hit's title anyway).
    public init(_ reference: String) throws(GenericInterfaceError) {
        guard !reference.isEmpty, reference.count <= 64,
            reference.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-.".unicodeScalars.contains($0)) })
        else { throw .refused("a marker reference is 1 to 64 letters, digits, '-' or '.', not '\(reference)'") }
        self.reference = reference
    }

    /// `[Chat#42]`
    public var description: String { "[Chat#\(reference)]" }

    /// `[Chat#42] text`, cut to `limit` characters (Znuny's title is 255).
    public func mark(_ text: String, limit: Int = 255) -> String {
        String("\(self) \(text)".prefix(limit))
    }

    /// Whether a title or subject as Znuny stored it carries this mark (and not one that merely starts alike).
    public func marks(_ text: String) -> Bool {
        text == description || text.hasPrefix("\(self) ")
    }

    /// The TicketSearch title pattern that finds the marked tickets.
    var titlePattern: String { "\(self)*" }
}

import ChatJSON

extension JSON {
    /// An ID as Znuny sends it: a JSON number or a string of digits (both occur for the same field).
    var giID: Int64? {
        switch self {
        case .int(let value): value >= 0 ? value : nil
        case .string(let text): text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) && !text.isEmpty && text.count <= 18 ? Int64(text) : nil
        default: nil
        }
    }

    /// A text field; numbers as their decimal text (Znuny's Perl does not keep the difference).
    var giText: String? { stringValue }

    var giArray: [JSON]? { if case .array(let items) = self { items } else { nil } }
}

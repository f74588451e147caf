/// A text a visitor or customer user reads, kept translatable until it is shown: the English source text with
/// `%s` where values go (the OTRS way: `Translatable('Chat %s is closed.')` plus its values), and the values.
/// The engine says what happened in English; the web layer translates into the reader's language, then fills in.
public struct LocalizableText: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// One value for a `%s`: shown as it is (a name, a number), or itself a text to translate (a reason).
    public enum Argument: Sendable, Equatable, Hashable {
        case verbatim(String)
        case text(LocalizableText)
    }

    /// The English source text, the key of the language files.
    public let format: String
    public let arguments: [Argument]

    public init(_ format: String, _ arguments: [Argument] = []) {
        self.format = format
        self.arguments = arguments
    }

    /// A format with plain values (names, numbers), every one shown as it is.
    public init(_ format: String, values: any CustomStringConvertible...) {
        self.init(format, values.map { .verbatim($0.description) })
    }

    /// The English text.
    public var description: String { rendered { text in text } }

    /// The text with `translate` applied to its format and to every argument that is a text. A translation whose
    /// `%s` count differs from the values' is not used (the English source is), as `ChatLanguage` does.
    public func rendered(_ translate: (String) -> String) -> String {
        let values = arguments.map { argument in
            switch argument {
            case .verbatim(let value): value
            case .text(let text): text.rendered(translate)
            }
        }
        // one substitution rule for system lines, errors and the Translator
        return ChatLanguage.fill(translate(format), with: values) ?? ChatLanguage.fill(format, with: values) ?? format
    }
}

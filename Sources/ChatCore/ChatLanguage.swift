import Foundation

/// The viewer's language for the lines ChatCore writes itself (system lines, a transcript's header), the OTRS
/// way: English source text with `%s` placeholders (`Translate('%s has joined the chat.', $Name)`) and a
/// dictionary from English to the viewer's language. ChatCore stays pure: the caller passes the translations in
/// (the web layer's `Translator`, from `Kernel/Language/<lang>_ChatEngine.pm`).
public struct ChatLanguage: Sendable, Hashable {
    /// `en`, `de`, `pt_BR`: for tests and logs; the translations decide what is shown.
    public var code: String
    /// English source text → translation, each with the same number of `%s` as its source.
    public var translations: [String: String]

    public init(code: String = "en", translations: [String: String] = [:]) {
        self.code = code
        self.translations = translations
    }

    /// English: the source texts as they are.
    public static let english = ChatLanguage()

    /// `source` in this language with each `%s` replaced, in order, by the next of `arguments`. A missing or
    /// empty translation, or one whose `%s` count differs from the arguments', falls back to the English source,
    /// so a bad translation never crashes or drops a name. Arguments are inserted as they are, never read as
    /// placeholders themselves (a name may hold `%s`, `%` or `$`).
    public func callAsFunction(_ source: String, _ arguments: String...) -> String {
        Self.fill(translations[source].flatMap { $0.isEmpty ? nil : $0 } ?? source, with: arguments)
            ?? Self.fill(source, with: arguments) ?? source
    }

    /// `template` with its `%s` replaced in order, or nil when the counts differ.
    public static func fill(_ template: String, with arguments: [String]) -> String? {
        let pieces = template.components(separatedBy: "%s")
        guard pieces.count == arguments.count + 1 else { return nil }
        var out = pieces[0]
        for (argument, piece) in zip(arguments, pieces.dropFirst()) {
            out += argument
            out += piece
        }
        return out
    }
}

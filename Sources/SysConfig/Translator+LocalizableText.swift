import ChatCore

extension Translator {
    /// `text` in `language`: its format and its reasons translated, then the values filled in.
    public func translate(_ text: LocalizableText, into language: String) -> String {
        text.rendered { translate($0, into: language) }
    }
}

import ChatCore

extension PageLanguage {
    /// A text with values (an error, a notice) in this language: translated, then filled in.
    func callAsFunction(_ text: LocalizableText) -> String { translator.translate(text, into: code) }
}

import ChatCore

/// The page's language for what ChatCore writes (the chat's system lines, a transcript's header): the same
/// language as the page's texts, chosen by `PageLanguage.resolve` (agents: English).
extension PageLanguage {
    var chat: ChatLanguage { ChatLanguage(code: code, translations: translator.dictionary(for: code)) }
}

extension ActionRequest {
    /// This request's language for system lines and transcripts (`language`, the one rule for every caller).
    var chatLanguage: ChatLanguage { language.chat }
}

/// The language a text's CJK characters belong to, for Pango's font choice: without it Han characters get
/// the Chinese forms, which are wrong in Japanese text (and a Korean text's Hanja want Korean fonts).
enum ScriptLanguage {
    static func of(_ text: String) -> String? {
        var han = false
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: return "ja"
            case 0x1100...0x11FF, 0x3130...0x318F, 0xAC00...0xD7AF: return "ko"
            case 0x4E00...0x9FFF, 0x3400...0x4DBF: han = true
            default: continue
            }
        }
        return han ? "zh-cn" : nil
    }
}

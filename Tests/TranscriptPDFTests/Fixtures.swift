import ChatCore
import Foundation
import TranscriptPDF

/// Transcripts for the tests: a start on 2026-12-02 at 14:00 UTC, a message a minute.
enum Fixtures {
    static let start = Date(timeIntervalSince1970: 1_796_220_000)
    static let berlin = TimeZone(identifier: "Europe/Berlin")!

    static func options(_ size: TranscriptPDFOptions.PageSize = .a4, zone: TimeZone = berlin, maxPages: Int = 100)
        -> TranscriptPDFOptions
    {
        TranscriptPDFOptions(pageSize: size, headerName: "Example Company", timeZone: zone, maxPages: maxPages,
            generatedAt: start.addingTimeInterval(7200))
    }

    static func message(_ minute: Int, _ author: String, _ text: String, isInternal: Bool = false) -> Transcript.Entry {
        Transcript.Entry(at: start.addingTimeInterval(Double(minute) * 60), kind: .message, author: author, text: text,
            isInternal: isInternal)
    }

    static func system(_ minute: Int, _ text: String) -> Transcript.Entry {
        Transcript.Entry(at: start.addingTimeInterval(Double(minute) * 60), kind: .system, author: "", text: text,
            isInternal: false)
    }

    static func transcript(_ entries: [Transcript.Entry], audience: Transcript.Audience = .agent,
        participants: [String] = ["Carla Customer", "Support Agent 1"]) -> Transcript
    {
        Transcript(chat: ChatID(123), audience: audience, channel: "Support", participants: participants,
            startedAt: start, endedAt: entries.last?.at, entries: entries)
    }

    /// Every script of the issue, one message each, authors in their own scripts too.
    static var allScripts: Transcript {
        var entries = [system(0, "Jürgen Groß has requested a chat.")]
        for (index, sample) in ScriptSamples.messages.enumerated() {
            entries.append(message(index + 1, sample.author, sample.text))
        }
        return transcript(entries, participants: ScriptSamples.messages.map(\.author))
    }

    /// `count` numbered messages of every script, every tenth internal.
    static func long(_ count: Int) -> Transcript {
        let entries = (0..<count).map { index in
            let sample = ScriptSamples.messages[index % ScriptSamples.messages.count]
            return message(index, index % 2 == 0 ? sample.author : "Support Agent 1", "Message \(index + 1): \(sample.text)",
                isInternal: index % 10 == 9)
        }
        return transcript(entries)
    }

    /// Text with whitespace and the invisible marks pdftotext adds around right-to-left runs taken out.
    static func squeezed(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter {
            !$0.properties.isWhitespace && !(0x200E...0x200F).contains($0.value) && !(0x202A...0x202E).contains($0.value)
        }))
    }

    /// What pdftotext can give back of a text: `squeezed`, in NFC, without emoji (drawn as images) and without
    /// Latin combining marks (stacked marks come out in drawing order, not in the text's).
    static func textual(_ text: String) -> String {
        String(String.UnicodeScalarView(squeezed(text).precomposedStringWithCanonicalMapping.unicodeScalars.filter {
            !(0x0300...0x036F).contains($0.value) && !($0.properties.isEmoji && $0.value > 0x2000)
                && ![0x200D, 0xFE0F].contains($0.value)
        }))
    }

    /// The text without the running heads and footers (of `options()`), so that a message broken over two pages
    /// reads as one.
    static func withoutPageFurniture(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            let line = line.trimmingCharacters(in: CharacterSet(charactersIn: "\u{0C}").union(.whitespaces))
            return line != "Example Company" && !line.hasPrefix("Chat 123 (") && !line.hasPrefix("Created ")
                && !line.hasPrefix("Page ")
        }.joined(separator: "\n")
    }
}

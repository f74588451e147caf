import Foundation

/// A transcript as plain text a person reads comfortably, e.g. a ticket article's body or a mail:
///
///     Chat 123 (Support, 2026-12-02)
///     Participants: Carla Customer, Support Agent 1
///     Started: 2026-12-02 14:05 (Europe/Berlin)
///     Ended: 2026-12-02 14:31
///
///     2026-12-02
///     [14:05] *** Carla Customer has requested a chat. ***
///     [14:06] Support Agent 1: Hello, how can I help?
///     [14:07] Carla Customer: My printer
///             prints only blank pages.
///
/// Times are shown in one time zone with a fixed, locale-free format; a date line comes first and whenever the
/// day changes. Lines are never cut (the reader wraps). Continuation lines of a message are indented under its
/// author, so no message text can pose as a line of its own; names and system texts are kept on one line.
/// Lines end in `\n` only and carry no trailing spaces.
public enum TranscriptText {
    /// The transcript as text, times in `timeZone`; a customer's copy has its header lines in `language`
    /// (its entries were rendered in the language of `Transcript.build`'s naming). An agent's stays English.
    public static func render(_ transcript: Transcript, timeZone: TimeZone, language: ChatLanguage = .english) -> String {
        let clock = Clock(timeZone: timeZone)
        let tr = transcript.audience == .agent ? ChatLanguage.english : language
        var lines = [title(transcript, timeZone: timeZone, language: tr)]
        if !transcript.participants.isEmpty {
            lines.append(tr("Participants: %s", transcript.participants.map(oneLine).joined(separator: ", ")))
        }
        lines.append(tr("Started: %s (%s)", clock.dateTime(transcript.startedAt), timeZone.identifier))
        if let end = transcript.endedAt { lines.append(tr("Ended: %s", clock.dateTime(end))) }
        if transcript.audience == .agent {
            lines.append("Full log for agents; [internal] marks messages the customer did not see.")
        }
        var day: String?
        for entry in transcript.entries {
            let entryDay = clock.date(entry.at)
            if entryDay != day {
                lines += ["", entryDay]
                day = entryDay
            }
            lines += self.lines(entry, time: clock.time(entry.at))
        }
        return lines.map(trimmingTrailingWhitespace).joined(separator: "\n") + "\n"
    }

    /// A short title for the transcript, e.g. an article's subject: `Chat 123 (Support, 2026-12-02)`, the
    /// date being the chat's start in `timeZone`.
    public static func title(_ transcript: Transcript, timeZone: TimeZone, language: ChatLanguage = .english) -> String {
        let day = Clock(timeZone: timeZone).date(transcript.startedAt)
        let tr = transcript.audience == .agent ? ChatLanguage.english : language
        return tr("Chat %s (%s, %s)", String(transcript.chat.rawValue), oneLine(transcript.channel), day)
    }

    /// Continuation lines start under the author, after `[hh:mm] `.
    private static let indent = String(repeating: " ", count: 8)

    private static func lines(_ entry: Transcript.Entry, time: String) -> [String] {
        switch entry.kind {
        case .system:
            return ["[\(time)] *** \(oneLine(entry.text)) ***"]
        case .message:
            let author = (entry.isInternal ? "[internal] " : "") + oneLine(entry.author)
            var text = entry.text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
                .map { trimmingTrailingWhitespace(String($0)) }
            while text.last?.isEmpty == true { text.removeLast() }
            while text.first?.isEmpty == true { text.removeFirst() }
            guard let first = text.first else { return ["[\(time)] \(author):"] }
            return ["[\(time)] \(author): \(first)"] + text.dropFirst().map { $0.isEmpty ? "" : indent + $0 }
        }
    }

    /// Names and system texts on one line: a name with a line break must not start a line of its own.
    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            .joined(separator: " ")
    }

    private static func trimmingTrailingWhitespace(_ line: String) -> String {
        var line = Substring(line)
        while let last = line.last, last.isWhitespace { line.removeLast() }
        return String(line)
    }

    /// Locale-free `yyyy-MM-dd` and `HH:mm` in one time zone, on the Gregorian calendar.
    private struct Clock {
        let calendar: Calendar

        init(timeZone: TimeZone) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            self.calendar = calendar
        }

        func date(_ at: Date) -> String {
            let parts = calendar.dateComponents([.year, .month, .day], from: at)
            return "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))"
        }

        func time(_ at: Date) -> String {
            let parts = calendar.dateComponents([.hour, .minute], from: at)
            return "\(pad(parts.hour, 2)):\(pad(parts.minute, 2))"
        }

        func dateTime(_ at: Date) -> String { "\(date(at)) \(time(at))" }

        private func pad(_ value: Int?, _ width: Int) -> String {
            let digits = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
    }
}

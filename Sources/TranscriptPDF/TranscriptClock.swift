import Foundation

/// Locale-free `yyyy-MM-dd` and `HH:mm` in the viewer's time zone on the Gregorian calendar, as
/// `TranscriptText` writes them, so the PDF and the text version agree.
struct TranscriptClock {
    let timeZone: TimeZone
    private let calendar: Calendar

    init(timeZone: TimeZone) {
        self.timeZone = timeZone
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

    /// UTC as the PDF's information dictionary takes it (ISO 8601).
    static func isoUTC(_ at: Date) -> String {
        let clock = TranscriptClock(timeZone: TimeZone(identifier: "UTC") ?? .current)
        let parts = clock.calendar.dateComponents([.second], from: at)
        return "\(clock.date(at))T\(clock.time(at)):\(clock.pad(parts.second, 2))Z"
    }

    private func pad(_ value: Int?, _ width: Int) -> String {
        let digits = String(value ?? 0)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

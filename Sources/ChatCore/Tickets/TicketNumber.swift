import Foundation

/// OTRS's date-checksum ticket numbers (`Kernel::System::Ticket::Number::DateChecksum`): year, month, day,
/// the `SystemID`, the day's counter padded to five digits, and a check digit. `2026120110000015` is the
/// first ticket of 1 December 2026 on system 10.
public enum TicketNumber {
    /// OTRS's default `OTRSTimeZone`.
    public static let utc = TimeZone(secondsFromGMT: 0)!

    /// OTRS pads the day's counter to this many digits (a larger counter simply gets longer).
    public static let counterSize = 5

    /// The number of the day's `counter`-th ticket. `day` is read in `timeZone` (OTRS's `OTRSTimeZone`, UTC
    /// by default), so the counter and the number's date change at the same midnight.
    public static func make(day: Date, systemID: String, counter: Int64, timeZone: TimeZone = TicketNumber.utc) -> String {
        let base = dayKey(day, timeZone: timeZone) + systemID + padded(counter)
        return base + String(checkDigit(base))
    }

    /// `YYYYMMDD`: the day a counter belongs to.
    public static func dayKey(_ day: Date, timeZone: TimeZone = TicketNumber.utc) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: day)
        return String(parts.year ?? 0) + twoDigits(parts.month ?? 0) + twoDigits(parts.day ?? 0)
    }

    /// DateChecksum's check digit: digits weighted 1, 2, 1, 2, … from the left and summed; 10 minus the sum
    /// modulo 10, where 10 becomes 1 (so a check digit is never 0).
    public static func checkDigit(_ digits: String) -> Int {
        var sum = 0
        var weight = 1
        for character in digits {
            sum += weight * (character.wholeNumberValue ?? 0)
            weight = weight == 1 ? 2 : 1
        }
        let digit = 10 - sum % 10
        return digit == 10 ? 1 : digit
    }

    /// Whether a date-checksum number's last digit is the check digit of the rest.
    public static func isValid(_ number: String) -> Bool {
        guard number.count > 1, number.allSatisfy({ $0.isASCII && $0.isNumber }), let last = number.last?.wholeNumberValue
        else { return false }
        return checkDigit(String(number.dropLast())) == last
    }

    static func padded(_ counter: Int64) -> String {
        let text = String(counter)
        return String(repeating: "0", count: max(0, counterSize - text.count)) + text
    }

    static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }
}


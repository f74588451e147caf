import ChatCore

/// Why a transcript mail was not queued, in words for the person who asked (translatable: the web layer puts
/// them into the asker's language), with a code the web layer maps to its answer (`TooManyRequests` for the limits).
public struct MailRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case notClosed = "ChatNotClosed"
        case noAddress = "NoAddress"
        case badAddress = "BadAddress"
        case addressFixed = "AddressFixed"
        case chatLimit = "TooManyRequests"
        case networkLimit = "TooManyRequestsFromAddress"
    }

    public let code: Code
    public let text: LocalizableText
    public var description: String { text.description }

    public var isLimit: Bool { code == .chatLimit || code == .networkLimit }

    static let notClosed = MailRefusal(code: .notClosed, text: LocalizableText("The conversation can be sent once the chat has ended."))
    static let noCustomerAddress = MailRefusal(code: .noAddress,
        text: LocalizableText("There is no usable e-mail address in your account, so the conversation cannot be sent."))
    static let noVisitorAddress = MailRefusal(code: .noAddress,
        text: LocalizableText("No e-mail address was given for this chat, so the conversation cannot be sent."))
    static let addressFixed = MailRefusal(code: .addressFixed,
        text: LocalizableText("This chat has an e-mail address already; it cannot be changed."))
    static let networkLimit = MailRefusal(code: .networkLimit,
        text: LocalizableText("Too many conversations were sent from your network within the hour. Please try again later."))

    static func chatLimit(_ limit: Int) -> MailRefusal {
        MailRefusal(code: .chatLimit, text: LocalizableText(
            "This conversation has been sent as often as it may be (%s times). Please look in your mailbox, also among spam.",
            values: limit))
    }

    static func badAddress(_ why: LocalizableText) -> MailRefusal {
        MailRefusal(code: .badAddress, text: why)
    }
}

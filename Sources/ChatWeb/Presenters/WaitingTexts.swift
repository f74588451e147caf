import ChatJSON
import SysConfig

/// What a customer user or visitor reads while waiting and after a chat (their interface's configured
/// texts), and the minutes after which the waiting notice shows: in the page's configuration, so the page
/// needs no defaults of its own, and in every snapshot, so a changed config reaches open pages.
enum WaitingTexts {
    static func json(_ settings: ChatEngineSettings, isCustomer: Bool) -> [(String, JSON)] {
        let texts = settings.texts
        return [
            ("Texts", [
                "NotYetAccepted": .string(isCustomer ? texts.customerNotYetAccepted : texts.publicNotYetAccepted),
                "NoAgentsAvailable": .string(isCustomer ? texts.customerNoAgentsNewTicket : texts.publicNoAgentsAvailable),
                "ChatCompleted": .string(isCustomer ? texts.customerChatCompleted : texts.publicChatCompleted),
                "ChatClosed": .string(isCustomer ? texts.customerChatClosed : texts.publicChatClosed),
            ]),
            ("CustomerThresholdMinutes", .int(Int64(settings.customerThreshold))),
        ]
    }
}

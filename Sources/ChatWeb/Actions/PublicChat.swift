import ChatCore
import ChatEngine
import Hummingbird

/// `public.pl?Action=PublicChat`: chat without logging in. The visitor's identity is a token the page
/// holds (not a cookie), so the page also works in a frame on another site (`IsIframe=1`, the only
/// framable page). New requests are limited per IP (`ChatEngine::PublicInterface::MaxRequestsPerHourPerIP`).
enum PublicChat: ChatAction {
    static let name = "PublicChat"
    static let interface = Interface.public
    static let readOnlySubactions: Set<String> = ["ChatUpdate", "Channels"]
    static var pageSubactions: Set<String> { ["", "ChatScreen"] }

    static func page(_ request: ActionRequest) async throws -> Response {
        let isIframe = request.params["IsIframe"] == "1"
        let context = try await PageContext.make(request, action: name, title: "Chat", isIframe: isIframe,
            settings: ["AllowChannels": .bool(request.env.settings.publicInterface.allowChatChannels)])
        return request.env.pages.page("public-chat", context, framable: isIframe)
    }

    static func perform(_ request: ActionRequest) async throws -> JSON {
        if request.subaction == "CreateChatRequest" && request.caller.person == nil {
            return try await createWithNewVisitor(request)
        }
        if request.subaction == "Channels" {
            return ["Channels": try await ChatterSubactions.channels(request, options: request.env.settings.publicInterface)]
        }
        let visitor = try request.person()
        if let shared = try await ChatterSubactions.perform(request, viewer: visitor,
            options: request.env.settings.publicInterface)
        {
            return shared
        }
        throw WebError.unknownSubaction(request.subaction)
    }

    /// The first request of a visitor: name required, per-IP limit, then the visitor token for the page.
    static func createWithNewVisitor(_ request: ActionRequest) async throws -> JSON {
        let env = request.env
        let now = env.service.now()
        let resendKey = request.commandID.map { "\(request.clientIP) \($0)" }
        if let resendKey, let earlier = env.firstRequests.withLock({ $0[resendKey] }) { return earlier.answer }
        let key = "public:\(request.clientIP)"
        guard env.publicRequests.allows(key, limit: env.settings.publicMaxRequestsPerHourPerIP, now: now) else {
            throw WebError("RateLimited", .tooManyRequests,
                "Too many chat requests from your address. Please try again later.")
        }
        env.publicRequests.record(key, now: now)  // counted before any await, so parallel requests cannot slip past
        let name = try request.required("Name", maxLength: 100)
        // decide first, so a refused request (inactive, direction off, unstaffed) leaves no visitor behind
        let options = env.settings.publicInterface
        let channelID = options.allowChatChannels ? try request.channelID() : nil
        let channel = if let channelID { try await env.service.channel(channelID) } else { try await env.service.defaultChannel() }
        if !env.settings.active { throw ChatError.chatNotActive }
        if !env.settings.directions.publicToAgent { throw ChatError.directionDisabled(.publicToAgent) }
        if options.availabilityCheck, !(try await env.service.isStaffed(channel)) { throw ChatError.channelNotStaffed(channel.name) }
        let message = request.params["Message"] ?? ""
        if message.unicodeScalars.count > env.service.policy.messageLimit {
            throw ChatError.messageTooLong(scalars: message.unicodeScalars.count, limit: env.service.policy.messageLimit)
        }
        let (visitor, token) = try await env.authenticator.registerVisitor(name: name)
        let result = try await env.service.requestChat(by: .visitor(visitor), channel: channelID,
            firstMessage: request.params["Message"], commandID: request.commandID)
        let answer: JSON = ["ChatID": .int(result.chat.id.rawValue), "Seq": .int(result.events.last?.seq ?? result.chat.lastSeq),
                            "VisitorToken": .string(token)]
        if let resendKey {
            env.firstRequests.withLock { table in
                table = table.filter { now.timeIntervalSince($0.value.at) < 600 }
                if table.count < 100_000 { table[resendKey] = (answer, now) }
            }
        }
        return answer
    }
}

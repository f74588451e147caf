import ChatCore
import ChatStore
import Foundation

/// The website widget's use cases: which sites may run it, and a visitor's chat bound to the site it started on.
extension ChatService {
    /// Whether `origin` (a browser's `Origin`, or the origin of its `Referer`) may run the widget.
    public func widgetAllows(origin: String) -> Bool {
        settings.widget.allowedOrigins.allows(origin)
    }

    /// Binds a visitor's chat to the site whose frame started it, with the host page's free fields, the first
    /// time; every later call (the frame on the next page, a reload) must come from the same site, so a token
    /// carried to another site is refused. The fields reach agents as one note in the chat, once.
    /// `ownAuthority`: the `host[:port]` this request reached ChatEngine at; a host page there is ChatEngine's own
    /// (the snippet generator's preview), allowed whatever the list says.
    public func bindWidget(_ chatID: ChatID, by person: Person, hostOrigin rawOrigin: String, fields: WidgetFields,
        ownAuthority: String? = nil) async throws -> WidgetBinding
    {
        guard case .visitor(let visitor) = person else { throw WidgetError.notYourChat }
        let normalised = AllowedOrigins.normalised(rawOrigin)
        let isOwn = normalised != nil && ownAuthority != nil
            && AllowedOrigins.authority(ofOrigin: normalised!) == ownAuthority!.lowercased()
        guard let hostOrigin = normalised, isOwn || widgetAllows(origin: hostOrigin) else {
            throw WidgetError.originNotAllowed(rawOrigin.isEmpty ? "this page (no origin given)" : rawOrigin)
        }
        guard let repository = store as? any WidgetRepository else { throw EngineError.unavailable("no widget store") }
        if let existing = try await repository.widgetBinding(of: visitor) {
            guard existing.hostOrigin == hostOrigin else { throw WidgetError.boundToOtherSite(hostOrigin) }
            guard existing.chat == chatID else { throw WidgetError.notYourChat }
            return existing
        }
        let chat = try await chat(chatID)
        guard chat.requester == person else { throw WidgetError.notYourChat }
        let binding = try await repository.bindWidget(visitor: visitor, chat: chatID, hostOrigin: hostOrigin,
            fields: fields.json, now: now())
        guard binding.hostOrigin == hostOrigin else { throw WidgetError.boundToOtherSite(hostOrigin) }
        if binding.isNew, chat.state != .closed {
            let note = fields.note(hostOrigin: hostOrigin)
            // a fixed command ID: a bind that raced or was resent notes it once
            do {
                _ = try await perform(chatID, by: person, commandID: "widget-visitor-data") { chat, _ in
                    guard chat.state != .closed else { throw ChatError.chatClosed }
                    return [.message(text: note, visibility: .agents)]
                }
            } catch ChatError.chatClosed {
                // closed meanwhile: the fields stay stored, there is no chat left to show them in
            }
        }
        return binding
    }
}

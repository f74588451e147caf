import ChatCore
import Foundation

/// A website widget's visitor: the site (origin) their chat was started on, bound to the visitor so the token
/// is refused on any other site, and the free fields the host page passed (`pdata`/`udata`), kept with the chat.
public protocol WidgetRepository: Sendable {
    /// Binds `visitor` to `hostOrigin` with `fields` (JSON text) unless a binding exists; returns the binding
    /// in force (the first one: a second site cannot rebind) and whether this call made it.
    func bindWidget(visitor: VisitorID, chat: ChatID, hostOrigin: String, fields: String, now: Date) async throws
        -> WidgetBinding
    /// The binding of a visitor, if their chat came from the widget.
    func widgetBinding(of visitor: VisitorID) async throws -> WidgetBinding?
}

public struct WidgetBinding: Sendable, Equatable {
    public var chat: ChatID
    public var hostOrigin: String
    /// JSON text: `{"pdata": {…}, "udata": {…}}`.
    public var fields: String
    /// This call made the binding (the first call for the visitor).
    public var isNew: Bool

    public init(chat: ChatID, hostOrigin: String, fields: String, isNew: Bool) {
        self.chat = chat
        self.hostOrigin = hostOrigin
        self.fields = fields
        self.isNew = isNew
    }
}

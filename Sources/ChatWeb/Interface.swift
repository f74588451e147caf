import Foundation

/// The three OTRS-style entry points and what belongs to each.
public enum Interface: String, Sendable, CaseIterable {
    case agent = "Agent"
    case customer = "Customer"
    case `public` = "Public"

    /// `/otrs/index.pl`, `/otrs/customer.pl`, `/otrs/public.pl`.
    public var script: String {
        switch self {
        case .agent: "/otrs/index.pl"
        case .customer: "/otrs/customer.pl"
        case .public: "/otrs/public.pl"
        }
    }

    /// Where the interface's modules are registered in SysConfig.
    var moduleRegistry: String {
        switch self {
        case .agent: "Frontend::Module"
        case .customer: "CustomerFrontend::Module"
        case .public: "PublicFrontend::Module"
        }
    }

    /// The HttpOnly session cookie (none for the public interface: visitors hold a token in the page).
    var cookieName: String? {
        switch self {
        case .agent: "ChatEngineAgent"
        case .customer: "ChatEngineCustomer"
        case .public: nil
        }
    }

    /// The screen a logged-in user lands on.
    var homeAction: String {
        switch self {
        case .agent: "AgentChat"
        case .customer: "CustomerChat"
        case .public: "PublicChat"
        }
    }
}

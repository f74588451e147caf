import Foundation
import Hummingbird

/// The browser's `Origin` compared with this server (scheme-less compare of host and port with `Host`):
/// WebSocket upgrades need it, and a login posted from another site is refused (login CSRF).
enum RequestOrigin {
    static func isSame(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin], let host = request.head.authority,
            let url = URL(string: origin), let originHost = url.host
        else { return false }
        let originAuthority = url.port.map { "\(originHost):\($0)" } ?? originHost
        return originAuthority.lowercased() == host.lowercased()
    }

    /// An `Origin` that names another site. Requests without one (not from a browser's form or script)
    /// are not foreign.
    static func isForeign(_ request: Request) -> Bool {
        request.headers[.origin] != nil && !isSame(request)
    }
}

import Foundation
import Hummingbird
import SysConfig

/// `GET /health`: liveness, and which configuration is in force — its digest and the last reload
/// error — so an operator sees at once whether an edit took effect.
enum HealthPage {
    static func response(_ live: LiveConfig) -> Response {
        let status = live.status
        let iso = ISO8601DateFormatter()
        var config: [String: ConfigValue] = [
            "digest": .string(status.digest),
            "loadedAt": .string(iso.string(from: status.loadedAt)),
            "reloads": .string(String(status.reloads)),
            "lastReloadError": status.lastReloadError.map { .string($0) } ?? .undef,
            "lastReloadErrorAt": status.lastReloadErrorAt.map { .string(iso.string(from: $0)) } ?? .undef,
        ]
        config["chatActive"] = .string(live.current.chatEngine.active ? "1" : "0")
        let body = ConfigValue.hash(["status": .string("ok"), "config": .hash(config)]).jsonText(pretty: true) + "\n"
        return Response(
            status: .ok,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body))
        )
    }
}

import ChatEngine
import Foundation
import Hummingbird
import SysConfig

/// `GET /health`: liveness, which configuration is in force — its digest and the last reload error — so
/// an operator sees at once whether an edit took effect, and whether the directory answers (beside a
/// ticket system: why its database cannot be reached). A directory that does not answer makes it 503.
enum HealthPage {
    static func response(_ live: LiveConfig, people: (any PeopleDirectory)?) -> Response {
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
        var root: [String: ConfigValue] = ["status": .string("ok"), "config": .hash(config)]
        let problem = people?.problem()
        if let people {
            root["directory"] = .hash(["name": .string(people.name), "problem": problem.map { .string($0) } ?? .undef])
        }
        if problem != nil { root["status"] = .string("directory unavailable") }
        let body = ConfigValue.hash(root).jsonText(pretty: true) + "\n"
        return Response(
            status: problem == nil ? .ok : .serviceUnavailable,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body))
        )
    }
}

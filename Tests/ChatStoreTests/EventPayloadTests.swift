import ChatCore
import ChatJSON
import Foundation
import Testing

@testable import ChatStore

/// The stored event log's format (docs/event-log.md): the golden files under `Fixtures/` hold every event
/// kind as each format version wrote it; today's reader reads every version back to the same events, and
/// today's writer writes exactly the current version's file.
@Suite("Event payloads")
struct EventPayloadTests {
    @Test("every golden payload of every version reads back to its event", arguments: [0, 1, 2])
    func goldenFilesRead(_ version: Int) throws {
        let payloads = try EventLogFixtures.load(version: version)
        #expect(payloads.count == EventLogFixtures.kinds(inVersion: version).count)
        for (name, kind) in EventLogFixtures.kinds(inVersion: version) {
            let payload = try #require(payloads[name], "v\(version) has no \(name)")
            #expect(try EventPayload.decode(payload) == kind, "v\(version) \(name): \(payload)")
        }
    }

    @Test("today's writer writes the current version's golden file exactly (a change needs a new version)")
    func writerMatchesGoldenFile() throws {
        let payloads = try EventLogFixtures.load(version: EventPayload.version)
        for (name, kind) in EventLogFixtures.kinds(inVersion: EventPayload.version) {
            #expect(EventPayload.encode(kind) == payloads[name], "\(name)")
        }
    }

    @Test("a message's payload is plain JSON that any reader reads: version, type, visibility, text")
    func messageIsPlainJSON() throws {
        for text in EventLogFixtures.texts {
            let payload = EventPayload.encode(.message(text: text, visibility: .agents))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])
            #expect(object["v"] as? Int == EventPayload.version)
            #expect(object["type"] as? String == "message")
            #expect(object["visibility"] as? String == "agents")
            #expect((object["text"] as? String)?.unicodeScalars.elementsEqual(text.unicodeScalars) == true, "\(payload)")
        }
    }

    @Test("damaged or newer payloads are refused with a message that says what is wrong")
    func refusals() {
        let cases = [
            ("not json", "event payload: not JSON"),
            (#"{"v":3,"type":"closed"}"#, "version 3 is newer"),
            (#"{"v":1,"type":"ticket_linked","ticket":1,"number":"1","how":"created"}"#, "unknown type 'ticket_linked'"),
            (#"{"v":1,"type":"teleported"}"#, "unknown type 'teleported'"),
            (#"{"v":1,"type":"message","visibility":"everyone"}"#, "'text' is missing"),
            (#"{"v":1,"type":"joined","role":"boss","agent_number":1}"#, "unknown role 'boss'"),
            (#"{"v":1,"type":"invited","agent":"9"}"#, "'agent' is not an integer"),
            (#"{"closed":{},"declined":{}}"#, "not a one-key object"),
        ]
        for (payload, expected) in cases {
            do {
                let kind = try EventPayload.decode(payload)
                Issue.record("\(payload) read as \(kind)")
            } catch {
                #expect(error.description.contains(expected), "\(payload): \(error)")
            }
        }
    }

    /// Writes the golden file of a new format version; an existing one is never rewritten.
    @Test("write the current version's golden file when it is new",
        .enabled(if: ProcessInfo.processInfo.environment["WRITE_EVENT_FIXTURES"] == "1"))
    func writeGoldenFile() throws {
        guard !FileManager.default.fileExists(atPath: EventLogFixtures.url(version: EventPayload.version).path) else { return }
        try EventLogFixtures.write(version: EventPayload.version) { EventPayload.encode($0) }
    }
}

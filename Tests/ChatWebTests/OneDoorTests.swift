import ChatCore
import ChatJSON
import Foundation
import Testing

@testable import ChatWeb

/// The web layer's boundaries: it reaches the store only through the engine, and an HTTP form and a
/// WebSocket frame become the same typed command.
@Suite("One door")
struct OneDoorTests {
    static let webSources = ServerProcess.repositoryRoot.appendingPathComponent("Sources/ChatWeb")

    static func sourceFiles() throws -> [(name: String, text: String)] {
        let files = FileManager.default.enumerator(at: webSources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        return try files.map { ($0.lastPathComponent, try String(contentsOf: $0, encoding: .utf8)) }
    }

    @Test("Sources/ChatWeb imports no store module and calls no store")
    func noStoreInTheWebLayer() throws {
        let files = try Self.sourceFiles()
        #expect(files.count > 20)
        for (name, text) in files {
            #expect(!text.contains("import ChatStore"), "\(name) imports ChatStore")
            #expect(!text.contains(".store."), "\(name) reaches a store")
            #expect(!text.contains("StoreError"), "\(name) names the store's errors")
        }
    }

    @Test("an HTTP form and a WebSocket frame's Params decode to the same command")
    func oneDecoder() throws {
        let caller = Caller.anonymous(.agent, clientAddress: "192.0.2.1")
        let form = FormParameters(query: "Action=AgentChat;Subaction=ChatMessageAdd;ChatID=5;Message=Hi%20there+%F0%9F%91%8B;Internal=1",
            body: nil)
        let frame = try #require(JSON.parse(#"{"Type":"Command","CommandID":"c1","Subaction":"ChatMessageAdd","Params":{"ChatID":"5","Message":"Hi there 👋","Internal":"1"}}"#))
        var values: [String: String] = [:]
        if case .object(let pairs)? = frame["Params"] { for (key, value) in pairs { values[key] = value.stringValue } }
        let fromForm = try CommandDecoder.decode(action: "AgentChat", subaction: "ChatMessageAdd", form, caller: caller)
        let fromFrame = try CommandDecoder.decode(action: "AgentChat", subaction: "ChatMessageAdd", FormParameters(values),
            caller: caller)
        #expect(fromForm == .postMessage(ChatID(5), text: "Hi there 👋", visibility: .agents))
        #expect(fromForm == fromFrame)
        // a customer cannot post an internal message: the customer's decoder has no such parameter
        let customer = try CommandDecoder.decode(action: "CustomerChat", subaction: "ChatMessageAdd", form, caller: caller)
        #expect(customer == .postMessage(ChatID(5), text: "Hi there 👋", visibility: .everyone))
    }

    @Test("each parameter is checked as it is decoded, naming the parameter")
    func decodingRefusals() throws {
        let caller = Caller.anonymous(.agent, clientAddress: "192.0.2.1")
        func refusal(_ subaction: String, _ query: String, action: String = "AgentChat") -> String? {
            do {
                _ = try CommandDecoder.decode(action: action, subaction: subaction, FormParameters(query: query, body: nil),
                    caller: caller)
                return nil
            } catch {
                return WebError.from(error).message
            }
        }
        #expect(refusal("ChatMessageAdd", "ChatID=x")?.contains("ChatID") == true)
        #expect(refusal("ChangeChannel", "ChatID=1")?.contains("ChatChannelID") == true)
        #expect(refusal("UpdateChatOrder", "ChatOrder=Sideways")?.contains("ChatOrder") == true)
        #expect(refusal("ChatMonitorSwitch", "ChatID=1;MonitoringType=loud")?.contains("MonitoringType") == true)
        #expect(refusal("SetAvailability", "Availability=busy", action: "AgentChatAvailability")?.contains("Availability") == true)
        #expect(refusal("ChatStart", "UserID=anna")?.contains("Message") == true)
        #expect(try CommandDecoder.decode(action: "AgentChat", subaction: "NoSuchThing", FormParameters([:]), caller: caller) == nil)
        // reads need no token; state changes do
        #expect(try CommandDecoder.decode(action: "AgentChat", subaction: "ChatGetOpenRequests", FormParameters([:]),
            caller: caller)?.needsChallenge == false)
        #expect(try CommandDecoder.decode(action: "AgentChat", subaction: "ChatGetOpenRequests",
            FormParameters(["Filter": "Mine"]), caller: caller)?.needsChallenge == true)
        #expect(try CommandDecoder.decode(action: "AgentChat", subaction: "UpdateChatOrder",
            FormParameters(["ChatOrder": "Prepend"]), caller: caller) == .setChatOrder(.prepend))
    }
}

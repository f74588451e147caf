import Foundation

#if canImport(ChatJSON)
import ChatJSON
#endif

// Frames parsed and written per second: a client's command frame (read on every message sent) and a
// server's event frame (written for every tab that receives a message). Run: bench/json.sh
let command = #"{"Type":"Command","CommandID":"c-1f3a9b7e-0042","Subaction":"ChatMessageAdd","Params":{"ChatID":"1234","Message":"Hallo, ich habe eine Frage zu meiner Bestellung Nr. 4711 – können Sie helfen? 😀","Internal":"0"}}"#
let event: JSON = [
    "Type": "Event", "ChatID": 1234, "Seq": 57,
    "Event": [
        "Kind": "message", "Seq": 57, "At": "2026-12-01 19:20:00", "Author": "Maria Muster", "AuthorRole": "customer",
        "Text": "Hallo, ich habe eine Frage zu meiner Bestellung Nr. 4711 – können Sie helfen? 😀 <b>fett</b>",
        "Internal": false, "Mine": false, "Participants": ["Agent 1", "Maria Muster"],
    ],
]

func measure(_ name: String, rounds: Int, _ body: () -> Int) {
    var best = 0.0
    var sink = 0
    for _ in 0..<5 {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<rounds { sink &+= body() }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        best = max(best, Double(rounds) / seconds)
    }
    print("\(name): \(Int(best)) frames/s (best of 5 × \(rounds)) [\(sink % 7)]")
}

measure("parse command frame (\(command.utf8.count) B)", rounds: 200_000) { JSON.parse(command) == nil ? 0 : 1 }
measure("write event frame (\(event.utf8.count) B)", rounds: 200_000) { event.utf8.count }

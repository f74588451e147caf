import ChatJSON

/// What every outbox payload starts with: JSON whose `"v"` is a version this ChatEngine reads. Anything else is
/// an `OutboxPermanentError` (no retry mends it), named by `bad`, the payload type's own wording.
enum OutboxPayloadJSON {
    static func read(_ payload: String, versions: ClosedRange<Int>,
                     bad: (String) -> OutboxPermanentError) throws(OutboxPermanentError) -> JSON {
        let json: JSON
        do {
            json = try JSON.read(payload)
        } catch {
            throw bad("not JSON: \(error)")
        }
        switch json["v"] {
        case .int(let version)? where versions.contains(Int(version)): return json
        case let other?: throw bad("version \(other.text) is not one this ChatEngine reads (\(versions.upperBound))")
        case nil: throw bad("'v' is missing")
        }
    }
}

import NIOCore
import NIOEmbedded
import NIOWebSocket
import PropertyBased
import Testing

@testable import ChatWeb

/// The WebSocket frame decoder as the server configures it (frames up to 1 MiB), over generated input
/// (issue 12): valid frames, however the network splits them, decode to exactly what was sent; arbitrary
/// bytes decode or end in a protocol error, never a crash. The coverage-guided run by hand is in `fuzz/`.
@Suite("WebSocket frame decoder: generated input")
struct FrameDecoderPropertyTests {
    struct Frame: Equatable {
        var fin: Bool
        var opcode: UInt8
        var payload: [UInt8]
    }

    static let maxFrameSize = ChatWebApplication.webSocketConfiguration.maxFrameSize

    /// A valid frame from numbers: data frames of any size up to 70,000 bytes (all three length forms),
    /// control frames final and within 125 bytes.
    static func frame(_ numbers: [Int]) -> Frame {
        var numbers = numbers[...]
        func next() -> Int { numbers.popFirst() ?? 0 }
        let opcodes: [UInt8] = [0x0, 0x1, 0x2, 0x8, 0x9, 0xA]
        let opcode = opcodes[next() % opcodes.count]
        let control = opcode >= 0x8
        let sizes = [0, 1, 125, 126, 127, 65535, 65536, 70000]
        var length = next() % 3 == 0 ? sizes[next() % sizes.count] : next() % 300
        if control { length = min(length, 125) }
        let seed = UInt8(truncatingIfNeeded: next())
        return Frame(fin: control || next() % 2 == 0, opcode: opcode,
            payload: (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) ^ seed })
    }

    /// The frame as a client sends it: masked, with the shortest length form.
    static func encode(_ frame: Frame, mask: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [(frame.fin ? 0x80 : 0) | frame.opcode]
        let count = frame.payload.count
        if count < 126 {
            bytes.append(0x80 | UInt8(count))
        } else if count < 65536 {
            bytes += [0x80 | 126, UInt8(count >> 8), UInt8(count & 0xFF)]
        } else {
            bytes.append(0x80 | 127)
            bytes += (0..<8).reversed().map { UInt8((count >> ($0 * 8)) & 0xFF) }
        }
        bytes += mask
        bytes += frame.payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        return bytes
    }

    /// Feeds `bytes` to a fresh decoder in pieces cut at `cuts`; the frames that came out, or the error.
    static func decode(_ bytes: [UInt8], cuts: [Int]) -> Result<[Frame], any Error> {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: maxFrameSize)))
        defer { _ = try? channel.finish() }
        var frames: [Frame] = []
        do {
            var start = 0
            for cut in (cuts.map { $0 % (bytes.count + 1) } + [bytes.count]).sorted() where cut >= start {
                try channel.writeInbound(ByteBuffer(bytes: bytes[start..<cut]))
                start = cut
            }
            while let frame = try channel.readInbound(as: WebSocketFrame.self) {
                frames.append(Frame(fin: frame.fin, opcode: UInt8(webSocketOpcode: frame.opcode),
                    payload: Array(buffer: frame.unmaskedData)))
            }
            return .success(frames)
        } catch {
            return .failure(error)
        }
    }

    @Test("valid frames, split anywhere, decode to exactly what was sent")
    func validFramesRoundTrip() async {
        let input = zip(Gen.int(in: 0...100_000).array(of: 0...30), Gen.int(in: 0...200_000).array(of: 0...6),
            Gen.uint8(in: 0...255).array(of: 4))
        await propertyCheck(count: 200, input: input) { numbers, cuts, mask in
            let frames = stride(from: 0, to: numbers.count, by: 6).map { Self.frame(Array(numbers[$0...].prefix(6))) }
            let bytes = frames.flatMap { Self.encode($0, mask: mask) }
            switch Self.decode(bytes, cuts: cuts) {
            case .success(let decoded): #expect(decoded == frames)
            case .failure(let error): Issue.record("valid frames refused: \(error)")
            }
        }
    }

    @Test("arbitrary bytes decode or end in a protocol error; a frame over 1 MiB is refused by its header alone")
    func arbitraryBytes() async {
        await propertyCheck(count: 400, input: zip(Gen.uint8(in: 0...255).array(of: 0...200), Gen.int(in: 0...300).array(of: 0...4))) {
            bytes, cuts in
            if case .failure(let error) = Self.decode(bytes, cuts: cuts) {
                #expect(error is NIOWebSocketError, "\(error)")
            }
        }
        // 1 MiB + 1 announced in a 64-bit length: refused before any payload arrives
        let header: [UInt8] = [0x82, 0x80 | 127, 0, 0, 0, 0, 0, 0x10, 0, 1, 1, 2, 3, 4]
        guard case .failure(let error) = Self.decode(header, cuts: []) else {
            Issue.record("an oversized frame header was accepted")
            return
        }
        #expect(error as? NIOWebSocketError == .invalidFrameLength)
    }
}

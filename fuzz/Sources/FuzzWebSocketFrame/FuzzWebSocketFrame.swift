import NIOCore
import NIOEmbedded
import NIOWebSocket

/// libFuzzer entry: the bytes a client sends on an upgraded WebSocket connection.
/// Byte 0 picks how the rest arrives: 0 in one read, n > 0 in reads of n bytes (as TCP may split them).
/// The rest goes through swift-nio's WebSocketFrameDecoder (maxFrameSize 1 MiB, as the server sets it),
/// and the decoded frames through a small message assembler that applies RFC 6455's rules.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: start, count: count)
    guard let first = input.first else { return 0 }
    let bytes = input.dropFirst()
    let chunk = first == 0 ? max(bytes.count, 1) : Int(first)

    let channel = EmbeddedChannel(handler: ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: 1 << 20)))
    var assembler = MessageAssembler(maxMessageSize: 1 << 20)
    var offset = bytes.startIndex
    reading: while offset < bytes.endIndex {
        let end = min(offset + chunk, bytes.endIndex)
        do {
            try channel.writeInbound(channel.allocator.buffer(bytes: bytes[offset..<end]))
        } catch {
            break reading  // a protocol error: the server closes the connection
        }
        while let frame = try? channel.readInbound(as: WebSocketFrame.self) {
            guard assembler.receive(frame) else { break reading }
        }
        offset = end
    }
    _ = try? channel.finish()
    return 0
}

/// Joins fragments into messages the way a WebSocket server must (RFC 6455 section 5.4 and 5.5).
struct MessageAssembler {
    let maxMessageSize: Int
    private var opcode: WebSocketOpcode?
    private var pending = ByteBuffer()
    private(set) var messages = 0

    init(maxMessageSize: Int) { self.maxMessageSize = maxMessageSize }

    /// False when the frame breaks the protocol and the connection would be closed.
    mutating func receive(_ frame: WebSocketFrame) -> Bool {
        guard !frame.rsv1, !frame.rsv2, !frame.rsv3 else { return false }  // no extension negotiated
        var data = frame.unmaskedData
        switch frame.opcode {
        case .text, .binary:
            guard opcode == nil else { return false }  // a new message inside an unfinished one
            opcode = frame.opcode
            pending.clear()
        case .continuation:
            guard opcode != nil else { return false }
        case .ping, .pong:
            return frame.fin && data.readableBytes <= 125
        case .connectionClose:
            guard frame.fin, data.readableBytes <= 125, data.readableBytes != 1 else { return false }
            if data.readInteger(as: UInt16.self) != nil {
                guard String(validating: data.readableBytesView, as: UTF8.self) != nil else { return false }
            }
            return false  // the connection closes after a close frame
        default:
            return false  // reserved opcode
        }
        guard pending.readableBytes + data.readableBytes <= maxMessageSize else { return false }
        pending.writeBuffer(&data)
        guard frame.fin, let kind = opcode else { return true }
        opcode = nil
        if kind == .text, String(validating: pending.readableBytesView, as: UTF8.self) == nil { return false }
        messages += 1
        return true
    }
}

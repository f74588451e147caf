import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A minimal blocking WebSocket client over a POSIX socket, so tests control every header (the Origin
/// above all) and every byte of a frame. Reads time out after 5 s.
final class RawWebSocket: @unchecked Sendable {
    private let fd: Int32
    private var buffer: [UInt8] = []
    let status: Int

    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    static let readTimeout = 30

    /// Connects to 127.0.0.1:`port` and asks for the upgrade of `path` with `headers`; `status` is the
    /// answer's HTTP status (101 when upgraded).
    init(port: Int, path: String, headers: [String: String]) throws {
        let fd = try RawHTTP.connectLoopback(port: port)
        // an upper bound, never a measurement: the whole suite runs in parallel on two cores
        var timeout = timeval(tv_sec: Self.readTimeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        var status = 0
        do {
            try Self.write(fd, Array(request.utf8))
            var head: [UInt8] = []
            while !head.suffix(4).elementsEqual([13, 10, 13, 10]) {
                var byte: UInt8 = 0
                guard read(fd, &byte, 1) == 1 else { break }
                head.append(byte)
            }
            let line = String(decoding: head, as: UTF8.self).split(separator: "\r\n").first ?? ""
            status = Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        } catch {}
        self.fd = fd
        self.status = status
    }

    deinit { close(fd) }

    /// Sends one masked text frame.
    func send(_ text: String) throws {
        try Self.write(fd, Self.maskedFrame(opcode: 0x1, Array(text.utf8)))
    }

    /// The next text frame (pings answered, other control frames skipped); throws on timeout or close.
    func receive() throws -> String {
        while true {
            let header = try take(2)
            let opcode = header[0] & 0x0f
            var length = Int(header[1] & 0x7f)
            if length == 126 { length = try take(2).reduce(0) { $0 << 8 | Int($1) } }
            if length == 127 { length = try take(8).reduce(0) { $0 << 8 | Int($1) } }
            let payload = try take(length)
            switch opcode {
            case 0x1: return String(decoding: payload, as: UTF8.self)
            case 0x8: throw Failed(description: "closed by the server")
            default: continue
            }
        }
    }

    /// What `nextFrame()` read.
    enum Frame: Sendable, Equatable {
        case text(String)
        /// The server's close frame, with its status code when it sent one.
        case close(code: Int?, reason: String)
        /// The connection ended (or broke) without a close frame.
        case ended
        /// Nothing within the 5 s read timeout; the next call goes on reading.
        case timedOut

        var closeCode: Int? {
            if case .close(let code, _) = self { return code }
            return nil
        }
    }

    /// The next text or close frame (other control frames skipped). Unlike `receive()`, it tells a close
    /// frame and its code from a dropped connection, and both from a timeout; a frame is taken only once
    /// it arrived whole, so reading again after a timeout is safe.
    func nextFrame() -> Frame {
        while true {
            if let end = fill(2) { return end }
            var headerLength = 2
            var length = Int(buffer[1] & 0x7f)
            if length >= 126 {
                headerLength = length == 126 ? 4 : 10
                if let end = fill(headerLength) { return end }
                length = buffer[2..<headerLength].reduce(0) { $0 << 8 | Int($1) }
            }
            if let end = fill(headerLength + length) { return end }
            let opcode = buffer[0] & 0x0f
            let payload = Array(buffer[headerLength..<headerLength + length])
            buffer.removeFirst(headerLength + length)
            switch opcode {
            case 0x1:
                return .text(String(decoding: payload, as: UTF8.self))
            case 0x8:
                let code = payload.count >= 2 ? Int(payload[0]) << 8 | Int(payload[1]) : nil
                return .close(code: code, reason: String(decoding: payload.dropFirst(2), as: UTF8.self))
            default:
                continue
            }
        }
    }

    /// Sends one masked text frame like `send`, but never raises SIGPIPE: false once the connection is
    /// gone (a server shutting down may close it while a test still fires frames). It touches only the
    /// descriptor, so one thread may send while another reads.
    func trySend(_ text: String) -> Bool {
        Self.writeWithoutSignal(fd, Self.maskedFrame(opcode: 0x1, Array(text.utf8)))
    }

    /// Answers the server's close frame with `code`, as a browser does (the close handshake); false
    /// when the connection is already gone.
    @discardableResult
    func sendClose(code: Int) -> Bool {
        Self.writeWithoutSignal(fd, Self.maskedFrame(opcode: 0x8, [UInt8(code >> 8), UInt8(code & 0xff)]))
    }

    /// Ends the connection at once, without a close frame (a tab that goes away); the descriptor is closed
    /// in `deinit` as before.
    func hangUp() {
        shutdown(fd, Int32(SHUT_RDWR))
    }

    /// Reads until `buffer` holds `count` bytes; nil then, else how the reading stopped.
    private func fill(_ count: Int) -> Frame? {
        while buffer.count < count {
            var chunk = [UInt8](repeating: 0, count: 65536)
            let got = read(fd, &chunk, chunk.count)
            if got > 0 {
                buffer += chunk[0..<got]
            } else if got < 0 && errno == EINTR {
                continue
            } else if got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                return .timedOut
            } else {
                return .ended
            }
        }
        return nil
    }

    /// Sends one masked frame of any opcode, final or not (fragments, invalid UTF-8); false once the
    /// connection is gone.
    func trySendFrame(opcode: UInt8, fin: Bool = true, _ payload: [UInt8]) -> Bool {
        var frame = Self.maskedFrame(opcode: opcode, payload)
        if !fin { frame[0] &= 0x7f }
        return Self.writeWithoutSignal(fd, frame)
    }

    static func maskedFrame(opcode: UInt8, _ payload: [UInt8]) -> [UInt8] {
        var frame: [UInt8] = [0x80 | opcode]
        if payload.count < 126 {
            frame.append(0x80 | UInt8(payload.count))
        } else if payload.count < 65536 {
            frame.append(0x80 | 126)
            frame += [UInt8(payload.count >> 8), UInt8(payload.count & 0xff)]
        } else {
            frame.append(0x80 | 127)
            frame += (0..<8).reversed().map { UInt8((payload.count >> ($0 * 8)) & 0xff) }
        }
        let mask: [UInt8] = [1, 2, 3, 4]
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        return frame
    }

    private static func writeWithoutSignal(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBufferPointer {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    private func take(_ count: Int) throws -> [UInt8] {
        while buffer.count < count {
            var chunk = [UInt8](repeating: 0, count: 65536)
            let got = read(fd, &chunk, chunk.count)
            guard got > 0 else { throw Failed(description: "no frame within \(Self.readTimeout) s") }
            buffer += chunk[0..<got]
        }
        let out = Array(buffer[0..<count])
        buffer.removeFirst(count)
        return out
    }

    private static func write(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBufferPointer { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard sent > 0 else { throw Failed(description: "write") }
            offset += sent
        }
    }
}

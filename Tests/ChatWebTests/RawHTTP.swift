import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One TCP connection to 127.0.0.1 that sends exactly the bytes a test gives, at the pace it chooses, and
/// reads what comes back until the server closes: for requests no HTTP client would send.
final class RawHTTP: @unchecked Sendable {
    private let fd: Int32

    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    /// What came back: the bytes, whether the server closed the connection, and when each happened.
    struct Answer {
        let text: String
        let closed: Bool
        /// Seconds from the read's start to the first byte (nil: none came).
        let firstByteAfter: Double?

        var status: Int? {
            guard text.hasPrefix("HTTP/1.1 ") else { return nil }
            return Int(text.dropFirst(9).prefix(3))
        }
    }

    init(port: Int) throws {
        fd = try Self.connectLoopback(port: port)
    }

    /// A blocking TCP socket connected to 127.0.0.1:`port` (RawWebSocket's too).
    static func connectLoopback(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failed(description: "socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw Failed(description: "connect")
        }
        return fd
    }

    deinit { close(fd) }

    /// Sends as much of `bytes` as the server takes; false once it stops taking (it answered and closed).
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBufferPointer { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Reads until the server closes, `seconds` pass, (with `oneResponse`) a whole response has arrived, or
    /// (with `until`) the text received contains it: `seconds` is then an upper bound, not a pace.
    /// The wait runs on a thread of its own: blocking the test's (two) concurrency threads would stall the
    /// in-process server's request handlers and every other test.
    func read(for seconds: Double, oneResponse: Bool = false, until: String? = nil) async -> Answer {
        await withCheckedContinuation { done in
            Thread { done.resume(returning: self.readBlocking(for: seconds, oneResponse: oneResponse, until: until)) }.start()
        }
    }

    private func readBlocking(for seconds: Double, oneResponse: Bool, until: String?) -> Answer {
        let start = Date()
        var received: [UInt8] = []
        var firstByte: Double?
        while true {
            let left = seconds - Date().timeIntervalSince(start)
            guard left > 0 else { break }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(left * 1000)) > 0 else { break }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let got = Glibc.read(fd, &chunk, chunk.count)
            if got > 0 {
                if firstByte == nil { firstByte = Date().timeIntervalSince(start) }
                received += chunk[0..<got]
                if oneResponse, Self.isWholeResponse(received) { break }
                if let until, String(decoding: received, as: UTF8.self).contains(until) { break }
                continue
            }
            if got < 0 && errno == EINTR { continue }
            // 0: the server closed; < 0: it reset the connection
            return Answer(text: String(decoding: received, as: UTF8.self), closed: true, firstByteAfter: firstByte)
        }
        return Answer(text: String(decoding: received, as: UTF8.self), closed: false, firstByteAfter: firstByte)
    }

    /// A head and as many body bytes as its Content-Length says.
    private static func isWholeResponse(_ bytes: [UInt8]) -> Bool {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let headEnd = text.range(of: "\r\n\r\n") else { return false }
        let length = text[..<headEnd.lowerBound].split(separator: "\r\n")
            .first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        return text[headEnd.upperBound...].utf8.count >= length
    }
}

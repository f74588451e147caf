import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// One TCP (or TLS) connection to the mail server, spoken to one command at a time: each write and each reply
/// waits at most `timeout`, after which the connection is closed and `SMTPStepError.timeout` thrown.
struct SMTPConnection: Sendable {
    let channel: any Channel
    private let handler: NIOLoopBound<SMTPReplyHandler>
    let timeout: Duration
    private(set) var isTLS: Bool

    /// Connects and, for implicit TLS, starts the handshake (it completes before the greeting can arrive).
    static func connect(
        host: String, port: Int, timeout: Duration, tls: NIOSSLContext?, group: any EventLoopGroup
    ) async throws -> SMTPConnection {
        let serverName = SMTPConnection.serverName(host)
        // the handler of each attempt, kept here: a failed TLS handshake closes the channel and empties its
        // pipeline before we could look the handler (and the error it holds) up there
        let handlers = HandlerRegistry()
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(.nanoseconds(timeout.nanoseconds))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName))
                    }
                    let handler = SMTPReplyHandler()
                    try channel.pipeline.syncOperations.addHandler(handler)
                    handlers.keep(NIOLoopBound(handler, eventLoop: channel.eventLoop), for: channel)
                }
            }
        let channel = try await bootstrap.connect(host: host, port: port).get()
        guard let handler = handlers.handler(for: channel) else {
            throw SMTPStepError.protocolViolation("lost the connection's reply handler")
        }
        return SMTPConnection(channel: channel, handler: handler, timeout: timeout, isTLS: tls != nil)
    }

    /// SNI and the name checked against the certificate; an IP address is checked against the certificate's
    /// IP addresses instead (NIOSSL does that when the name is nil).
    static func serverName(_ host: String) -> String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }

    /// The next reply of the server.
    func reply(_ step: String) async throws -> SMTPReply {
        let handler = self.handler
        let future = channel.eventLoop.flatSubmit { handler.value.nextReply(on: handler.eventLoop) }
        return try await bounded(future, step)
    }

    /// Sends one command line (CRLF added) and waits for its reply. `shown` replaces the line in errors and logs
    /// (credentials).
    func command(_ line: String, shown: String? = nil) async throws -> SMTPReply {
        let step = shown ?? line
        do {
            try await write(Array(line.utf8) + [13, 10], step)
        } catch {
            // a failed TLS handshake closes the channel, so the write fails too: the reply handler holds the cause
            _ = try await reply(step)
            throw error
        }
        return try await reply(step)
    }

    func write(_ bytes: [UInt8], _ step: String) async throws {
        let buffer = channel.allocator.buffer(bytes: bytes)
        try await bounded(channel.writeAndFlush(buffer), step)
    }

    /// STARTTLS accepted: TLS goes in front of the reply handler; the handshake runs before the next reply.
    mutating func startTLS(_ context: NIOSSLContext, host: String) async throws {
        let handler = self.handler
        let channel = self.channel
        let serverName = SMTPConnection.serverName(host)
        try await channel.eventLoop.submit {
            guard handler.value.isIdle else { throw SMTPStepError.protocolViolation("the server sent data after its STARTTLS reply") }
            try channel.pipeline.syncOperations.addHandler(
                NIOSSLClientHandler(context: context, serverHostname: serverName), position: .first)
        }.get()
        isTLS = true
    }

    func close() async {
        try? await channel.close().get()
    }

    /// Waits for `future` at most `timeout`; on timeout closes the connection.
    private func bounded<T: Sendable>(_ future: EventLoopFuture<T>, _ step: String) async throws -> T {
        let promise = channel.eventLoop.makePromise(of: T.self)
        let channel = self.channel
        let seconds = timeout.seconds
        let timer = channel.eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
            promise.fail(SMTPStepError.timeout(step: step, seconds: seconds))
            channel.close(promise: nil)
        }
        future.whenComplete { result in
            timer.cancel()
            promise.completeWith(result)
        }
        return try await promise.futureResult.get()
    }
}

/// The reply handlers of a connect's attempts, by channel.
private final class HandlerRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var handlers: [ObjectIdentifier: NIOLoopBound<SMTPReplyHandler>] = [:]

    func keep(_ handler: NIOLoopBound<SMTPReplyHandler>, for channel: any Channel) {
        lock.withLock { handlers[ObjectIdentifier(channel)] = handler }
    }

    func handler(for channel: any Channel) -> NIOLoopBound<SMTPReplyHandler>? {
        lock.withLock { handlers[ObjectIdentifier(channel)] }
    }
}

/// What went wrong in one step, before it is turned into a `MailError`.
enum SMTPStepError: Error {
    case timeout(step: String, seconds: Double)
    case protocolViolation(String)
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    var seconds: Double { Double(nanoseconds) / 1e9 }
}

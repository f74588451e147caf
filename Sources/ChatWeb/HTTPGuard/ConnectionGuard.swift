import NIOCore
import NIOHTTP1

/// First in every connection's pipeline, on raw bytes: holds the address's connection slot, times each
/// phase of a request (the head, the body at a floor rate, the idle keep-alive wait), measures the request
/// line before the HTTP decoder buffers it, and answers a refusal itself and closes. `RequestObserver`,
/// behind the decoder, tells it where each request stands. After a WebSocket upgrade it only holds the slot.
final class ConnectionGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Phase: Equatable {
        /// No byte of the next request yet: a fresh connection gets the head timeout, a kept-alive one the idle timeout.
        case waiting(since: NIODeadline, fresh: Bool)
        case head(since: NIODeadline)
        case body(since: NIODeadline, received: Int)
        /// The application has the whole request (a long poll may take 25 s): no timer.
        case handling
        case refused
        case upgraded
    }

    private let limits: HTTPLimits
    private let slots: ConnectionSlots
    private(set) var phase: Phase = .waiting(since: .now(), fresh: true)
    private var started = false
    private var slotAddress: String?
    private var timer: Scheduled<Void>?
    private var context: ChannelHandlerContext?
    private var requestLineOpen = false
    private var requestLineLength = 0

    init(limits: HTTPLimits, slots: ConnectionSlots) {
        self.limits = limits
        self.slots = slots
    }

    var isRefused: Bool { phase == .refused }

    // MARK: the channel

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { start() }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopTimer()
        releaseSlot()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        start()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopTimer()
        releaseSlot()
        if phase != .upgraded { endInput() }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch phase {
        case .refused:
            return  // the answer is out; what the client still sends is dropped
        case .upgraded:
            context.fireChannelRead(data)
            return
        case .waiting:
            enter(.head(since: .now()))
            requestLineOpen = true
            requestLineLength = 0
        case .head, .body, .handling:
            break
        }
        if requestLineOpen {
            measureRequestLine(unwrapInboundIn(data))
            if isRefused { return }
        }
        context.fireChannelRead(data)
    }

    // MARK: what the observer reports

    /// A request head arrived; false when it is refused (the observer then drops it).
    func requestHead(_ head: HTTPRequestHead) -> Bool {
        if head.version.major != 1 {
            refuse(.malformed("HTTP version \(head.version.major).\(head.version.minor) is not supported"))
        } else if head.uri.utf8.count > limits.maxURILength {
            refuse(.uriTooLong)
        } else if head.headers.count > limits.maxHeaderCount {
            refuse(.headerTooLarge)
        } else if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > limits.maxBodyBytes {
            refuse(.bodyTooLarge)  // at once: the client need not send the body to learn it is too big
        } else {
            enter(.body(since: .now(), received: 0))
        }
        return !isRefused
    }

    /// Part of a body arrived; false when the body has grown too large.
    func bodyBytes(_ count: Int) -> Bool {
        guard case .body(let since, let received) = phase else { return !isRefused }
        guard received + count <= limits.maxBodyBytes else {
            refuse(.bodyTooLarge)
            return false
        }
        phase = .body(since: since, received: received + count)  // the deadline only moves later: the timer rechecks
        return true
    }

    func requestEnded() {
        if case .body = phase { enter(.handling) }
    }

    func responseEnded() {
        if phase == .handling { enter(.waiting(since: .now(), fresh: false)) }
    }

    func upgraded() {
        enter(.upgraded)
    }

    /// The decoder gave up on the bytes: too large a head, or not HTTP.
    func parseError(_ error: HTTPParserError) {
        switch error {
        case .headerOverflow: refuse(requestLineLength > limits.maxURILength ? .uriTooLong : .headerTooLarge)
        default: refuse(.malformed("\(error)"))
        }
    }

    // MARK: phases and their deadlines

    private func start() {
        guard !started, let context else { return }
        started = true
        let address = context.channel.remoteAddress?.ipAddress ?? ""
        if !limits.exemptAddresses.contains(address) {
            guard slots.take(address, limit: limits.maxConnectionsPerAddress) else {
                refuse(.tooManyConnections)
                return
            }
            slotAddress = address
        }
        enter(.waiting(since: .now(), fresh: true))
    }

    private func enter(_ next: Phase) {
        phase = next
        stopTimer()
        scheduleCheck()
    }

    private var deadline: NIODeadline? {
        switch phase {
        case .waiting(let since, let fresh): since + (fresh ? limits.requestHeadTimeout : limits.keepAliveTimeout)
        case .head(let since): since + limits.requestHeadTimeout
        case .body(let since, let received):
            // as Apache's mod_reqtimeout: every `bodyMinimumRate` bytes buy one more second
            since + limits.bodyTimeout + .nanoseconds(Int64(received) * 1_000_000_000 / Int64(limits.bodyMinimumRate))
        case .handling, .refused, .upgraded: nil
        }
    }

    private func scheduleCheck() {
        guard let context, let deadline else { return }
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [self] in
            timer = nil
            check()
        }
    }

    private func check() {
        guard let deadline else { return }
        guard deadline <= .now() else { return scheduleCheck() }
        switch phase {
        case .waiting: context?.close(promise: nil)  // nothing was asked: nothing to answer
        case .head: refuse(.headTimeout)
        case .body: refuse(.bodyTimeout)
        case .handling, .refused, .upgraded: break
        }
    }

    private func stopTimer() {
        timer?.cancel()
        timer = nil
    }

    private func releaseSlot() {
        if let address = slotAddress { slots.release(address) }
        slotAddress = nil
    }

    /// Counts the request line's bytes up to its line feed; a line longer than any allowed target is
    /// refused before the decoder holds all of it.
    private func measureRequestLine(_ bytes: ByteBuffer) {
        let view = bytes.readableBytesView
        if let end = view.firstIndex(of: UInt8(ascii: "\n")) {
            requestLineLength += end - view.startIndex
            requestLineOpen = false
        } else {
            requestLineLength += view.count
        }
        // the method, the spaces and the version take a few bytes beside the target
        if requestLineLength > limits.maxURILength + 32 { refuse(.uriTooLong) }
    }

    /// Tells the handlers behind, as the connection closes, that no request is coming: the upgrade step
    /// still waiting for a first request then ends quietly instead of logging an error.
    private func endInput() {
        context?.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
    }

    /// Answers with `refusal`, ends the output, and closes once the client has read it (or after a short linger).
    private func refuse(_ refusal: Refusal) {
        guard let context, !isRefused else { return }
        phase = .refused
        stopTimer()
        context.writeAndFlush(wrapOutboundOut(refusal.response(context.channel.allocator))).assumeIsolated()
            .whenComplete { _ in context.close(mode: .output, promise: nil) }
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: limits.lingerAfterRefusal) {
            context.close(promise: nil)
        }
    }
}

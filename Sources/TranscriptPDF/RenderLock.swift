import Foundation

/// One render at a time per process. Cairo 1.16 (Debian 12) and FreeType share font faces between threads
/// without enough locking: renders on two threads at once failed now and then with "error occurred in
/// libfreetype" (ConcurrencyTests found it). A render takes well under a second, so callers' bounded queues
/// wait a little instead; more parallel rendering would need separate processes (or a newer Cairo).
enum RenderLock {
    static let lock = NSLock()
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Pipes whose ends are close-on-exec: Foundation's `Pipe()` ends would be inherited by every process started
/// meanwhile (ours or another thread's), and a child that holds the write end of its own stdin never sees EOF.
/// The child still gets its ends as 0, 1, 2 (dup2 clears the flag on the copy).
struct ClosingPipe {
    let read: FileHandle
    let write: FileHandle

    init() throws {
        var fds: [Int32] = [0, 0]
        // pipe2(O_CLOEXEC) is not in Glibc's Swift module: pipe, then the flag (a spawn in between could inherit)
        let made = pipe(&fds) == 0 && fcntl(fds[0], F_SETFD, FD_CLOEXEC) == 0 && fcntl(fds[1], F_SETFD, FD_CLOEXEC) == 0
        guard made else { throw MailError.temporary("cannot make a pipe: \(String(cString: strerror(errno)))") }
        read = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true)
        write = FileHandle(fileDescriptor: fds[1], closeOnDealloc: true)
    }
}

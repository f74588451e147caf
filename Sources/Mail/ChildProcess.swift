import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Pipes whose ends are close-on-exec: Foundation's `Pipe()` ends would be inherited by every process started
/// meanwhile (ours or another thread's), and a child that holds the write end of its own stdin never sees EOF.
/// The child still gets its ends as 0, 1, 2 (dup2 clears the flag on the copy).
public struct ClosingPipe: @unchecked Sendable {
    public let read: FileHandle
    public let write: FileHandle

    public init() throws {
        var fds: [Int32] = [0, 0]
        // pipe2(O_CLOEXEC) is not in Glibc's Swift module: pipe, then the flag (a spawn in between could inherit)
        let made = pipe(&fds) == 0 && fcntl(fds[0], F_SETFD, FD_CLOEXEC) == 0 && fcntl(fds[1], F_SETFD, FD_CLOEXEC) == 0
        guard made else { throw MailError.temporary("cannot make a pipe: \(String(cString: strerror(errno)))") }
        read = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true)
        write = FileHandle(fileDescriptor: fds[1], closeOnDealloc: true)
    }
}

/// Runs a program (no shell) with `input` on its stdin while reading its stdout and stderr, so a chatty program
/// cannot block us (or we it). Blocking: call it from a dispatch thread, never from the concurrency pool.
public enum ChildProcess {
    public struct Outcome: Sendable {
        public var status: Int32
        public var killedBySignal: Bool
        /// It did not finish within the timeout and was stopped.
        public var timedOut: Bool
        public var out: Data
        public var err: Data
        /// Writing stdin failed (the program exited before reading all of it).
        public var writeError: String?
    }

    /// Throws only when the program cannot be started (or no pipe made).
    public static func run(executable: String, arguments: [String], input: [UInt8], timeout: Double? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = try ClosingPipe(), stdout = try ClosingPipe(), stderr = try ClosingPipe()
        process.standardInput = stdin.read
        process.standardOutput = stdout.write
        process.standardError = stderr.write
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        // the child has its copies: ours would keep its stdin open and its outputs from ending
        try? stdin.read.close()
        try? stdout.write.close()
        try? stderr.write.close()
        let group = DispatchGroup()
        nonisolated(unsafe) var out = Data(), err = Data()
        DispatchQueue.global().async(group: group) { out = stdout.read.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { err = stderr.read.readDataToEndOfFile() }
        var writeError: String?
        do {
            try stdin.write.write(contentsOf: Data(input))
        } catch {
            writeError = "\(error)"
        }
        try? stdin.write.close()
        var timedOut = false
        if let timeout {
            if finished.wait(timeout: .now() + timeout) == .timedOut {
                process.terminate()
                timedOut = true
                finished.wait()
            }
        } else {
            finished.wait()
        }
        group.wait()
        return Outcome(status: process.terminationStatus, killedBySignal: process.terminationReason == .uncaughtSignal,
                       timedOut: timedOut, out: out, err: err, writeError: writeError)
    }
}

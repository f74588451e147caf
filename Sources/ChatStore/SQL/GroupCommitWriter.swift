/// One writer per store: it owns one connection and runs every queued write body in a single
/// transaction, then acknowledges them all after the commit. While one commit is on its way to disk,
/// the next batch gathers, so throughput approaches what the disk can commit without giving up
/// durability.
actor GroupCommitWriter {
    private struct Job {
        let body: @Sendable (any SQLExecutor) async throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private let connection: any SQLExecutor
    private let begin: String
    private let maxBatch: Int
    private var queue: [Job] = []
    private var draining = false

    /// `begin` is the statement that opens a write transaction ("BEGIN IMMEDIATE" for SQLite).
    init(connection: any SQLExecutor, begin: String, maxBatch: Int = 512) {
        self.connection = connection
        self.begin = begin
        self.maxBatch = maxBatch
    }

    func submit<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        let result = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<any Sendable, any Error>) in
            queue.append(Job(body: { try await body($0) }, continuation: continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
        guard let typed = result as? T else { throw StoreError.corrupt("write returned \(type(of: result))") }
        return typed
    }

    private func drain() async {
        while !queue.isEmpty {
            let batch = Array(queue.prefix(maxBatch))
            queue.removeFirst(batch.count)
            await run(batch)
        }
        draining = false
    }

    private static func isClean(_ error: any Error) -> Bool {
        error is any CleanRefusal || (error as? StoreError)?.isCleanRefusal == true
    }

    private func run(_ batch: [Job]) async {
        var outcomes: [Result<any Sendable, any Error>] = []
        do {
            try await connection.execute(begin)
            for job in batch {
                do {
                    outcomes.append(.success(try await job.body(connection)))
                } catch where Self.isClean(error) {
                    outcomes.append(.failure(error))
                }
            }
            try await connection.execute("COMMIT")
        } catch {
            // Something failed half-way: nothing of the batch is kept. Run each body alone, so one
            // bad write cannot fail the others.
            _ = try? await connection.execute("ROLLBACK")
            if batch.count > 1 {
                for job in batch { await run([job]) }
                return
            }
            outcomes = [.failure(error)]
        }
        for (job, outcome) in zip(batch, outcomes) { job.continuation.resume(with: outcome) }
    }
}

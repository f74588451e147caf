/// One writer per store: it owns one connection and runs every queued write in a single transaction,
/// then acknowledges them all after the commit. While one commit is on its way to disk the next batch
/// gathers, so throughput approaches what the disk can commit without giving up durability. Writes of
/// one `BatchedWrite` type in a batch are handed over together, so they can share statements.
actor GroupCommitWriter {
    private enum Work {
        case single(@Sendable (any SQLExecutor) async throws -> any Sendable)
        case grouped(ObjectIdentifier, any Sendable, @Sendable ([any Sendable], any SQLExecutor) async throws -> [Result<any Sendable, any Error>])
    }

    private struct Job {
        let work: Work
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private let connection: any SQLExecutor
    private let begin: String
    private let maxBatch: Int
    private var queue: [Job] = []
    private var draining = false
    private var lastBatchSize = 0
    /// Set by `finish()`: new writes are refused, queued ones still run.
    private var finishing = false
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []

    /// `begin` is the statement that opens a write transaction ("BEGIN IMMEDIATE" for SQLite).
    init(connection: any SQLExecutor, begin: String, maxBatch: Int = 1024) {
        self.connection = connection
        self.begin = begin
        self.maxBatch = maxBatch
    }

    func submit<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        try Self.cast(await enqueue(.single { try await body($0) }))
    }

    func submit<Item: BatchedWrite>(_ item: Item) async throws -> Item.Output {
        let runAll: @Sendable ([any Sendable], any SQLExecutor) async throws -> [Result<any Sendable, any Error>] = { items, sql in
            let typed = items.compactMap { $0 as? Item }
            return try await Item.write(typed, sql).map { $0.map { $0 as any Sendable } }
        }
        return try Self.cast(await enqueue(.grouped(ObjectIdentifier(Item.self), item, runAll)))
    }

    private static func cast<T>(_ value: any Sendable) throws -> T {
        guard let typed = value as? T else { throw StoreError.corrupt("write returned \(type(of: value))") }
        return typed
    }

    private func enqueue(_ work: Work) async throws -> any Sendable {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<any Sendable, any Error>) in
            guard !finishing else {
                continuation.resume(throwing: StoreError.database("the store is closing"))
                return
            }
            queue.append(Job(work: work, continuation: continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !queue.isEmpty {
            // Under load, the writers just acknowledged need a moment to send their next write; without it
            // every big batch would be followed by a batch of one and a commit spent on it.
            if lastBatchSize > 8 && queue.count < lastBatchSize / 2 {
                try? await Task.sleep(for: .microseconds(300))
            }
            let batch = Array(queue.prefix(maxBatch))
            lastBatchSize = batch.count
            queue.removeFirst(batch.count)
            await run(batch)
        }
        draining = false
        for waiter in idleWaiters { waiter.resume() }
        idleWaiters = []
    }

    /// Refuses new writes and returns once everything queued before is committed (or failed): a shutdown
    /// loses no write that was already handed over.
    func finish() async {
        finishing = true
        guard draining else { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    private static func isClean(_ error: any Error) -> Bool {
        error is any CleanRefusal || (error as? StoreError)?.isCleanRefusal == true
    }

    private func run(_ batch: [Job]) async {
        var outcomes = [Result<any Sendable, any Error>?](repeating: nil, count: batch.count)
        do {
            try await connection.execute(begin)
            var groups: [ObjectIdentifier: (indices: [Int], items: [any Sendable],
                runAll: @Sendable ([any Sendable], any SQLExecutor) async throws -> [Result<any Sendable, any Error>])] = [:]
            for (index, job) in batch.enumerated() {
                switch job.work {
                case .single(let body):
                    do {
                        outcomes[index] = .success(try await body(connection))
                    } catch where Self.isClean(error) {
                        outcomes[index] = .failure(error)
                    }
                case .grouped(let key, let item, let runAll):
                    groups[key, default: ([], [], runAll)].indices.append(index)
                    groups[key]?.items.append(item)
                }
            }
            for group in groups.values {
                for (index, outcome) in zip(group.indices, try await group.runAll(group.items, connection)) {
                    outcomes[index] = outcome
                }
            }
            try await connection.execute("COMMIT")
        } catch {
            // Something failed half-way: nothing of the batch is kept. Run each write alone, so one bad
            // write cannot fail the others.
            _ = try? await connection.execute("ROLLBACK")
            if batch.count > 1 {
                for job in batch { await run([job]) }
                return
            }
            outcomes = [.failure(error)]
        }
        for (job, outcome) in zip(batch, outcomes) {
            job.continuation.resume(with: outcome ?? .failure(StoreError.corrupt("a write got no outcome")))
        }
    }
}

/// A write that the writer may run together with others of its kind in one go (sharing statements). The
/// result per item is either its output or a clean refusal; throwing rolls the whole batch back.
public protocol BatchedWrite: Sendable {
    associatedtype Output: Sendable
    static func write(_ items: [Self], _ sql: any SQLExecutor) async throws -> [Result<Output, any Error>]
}

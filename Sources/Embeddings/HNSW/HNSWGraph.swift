import Synchronization

/// The link lists of an HNSW graph in flat memory, the one place where the index shares
/// mutable memory between threads.
///
/// Layout (as hnswlib's `data_level0_memory_` and `linkLists_`, Malkov & Yashunin 2018 §4):
/// every node has a level-0 list of `1 + maxLinks0` Int32 (a count, then neighbour rows);
/// a node of level L > 0 also has L lists of `1 + maxLinks` Int32 for levels 1...L, stored
/// back to back in `upper` from `upperStart[node]`.
///
/// Sharing rule: during a parallel build a list is read or written only while its node's
/// lock is held, and a thread never holds two node locks at once (so no lock order can
/// deadlock). After the build the graph is immutable and read without locks.
final class HNSWGraph: @unchecked Sendable {
    let count: Int
    let maxLinks: Int
    let maxLinks0: Int
    /// Top level of each node.
    let levels: [UInt8]
    /// First upper list of each node (index in lists of `1 + maxLinks`), -1 for level-0 nodes.
    let upperStart: [Int]
    let upperLists: Int
    let level0: UnsafeMutablePointer<Int32>
    let upper: UnsafeMutablePointer<Int32>
    private let locks: UnsafeMutablePointer<Mutex<Void>>

    init(levels: [UInt8], maxLinks: Int) {
        count = levels.count
        self.maxLinks = maxLinks
        maxLinks0 = 2 * maxLinks
        self.levels = levels
        var start = [Int](repeating: -1, count: levels.count)
        var next = 0
        for (node, level) in levels.enumerated() where level > 0 {
            start[node] = next
            next += Int(level)
        }
        upperStart = start
        upperLists = next
        level0 = .allocate(capacity: Swift.max(1, count * (maxLinks0 + 1)))
        level0.initialize(repeating: 0, count: Swift.max(1, count * (maxLinks0 + 1)))
        upper = .allocate(capacity: Swift.max(1, next * (maxLinks + 1)))
        upper.initialize(repeating: 0, count: Swift.max(1, next * (maxLinks + 1)))
        locks = .allocate(capacity: Swift.max(1, count))
        for node in 0..<count { (locks + node).initialize(to: Mutex(())) }
    }

    deinit {
        level0.deallocate()
        upper.deallocate()
        locks.deinitialize(count: count)
        locks.deallocate()
    }

    /// The list of `node` at `level` (count first); `level` must be at most the node's level.
    @inline(__always)
    func list(_ node: Int, level: Int) -> UnsafeMutablePointer<Int32> {
        if level == 0 { return level0 + node * (maxLinks0 + 1) }
        return upper + (upperStart[node] + level - 1) * (maxLinks + 1)
    }

    /// Capacity of a list at `level`.
    @inline(__always)
    func capacity(level: Int) -> Int { level == 0 ? maxLinks0 : maxLinks }

    /// Runs `body` with `node`'s lists locked.
    @inline(__always)
    func withLock<R>(_ node: Int, _ body: () throws -> R) rethrows -> R {
        try locks[node].withLock { _ in try body() }
    }
}

/// A (similarity, row) pair packed into one integer whose unsigned order is the similarity's
/// order (ties: the higher row first), so the search heaps compare single words.
@inline(__always)
func packScored(_ score: Float, _ row: Int32) -> UInt64 {
    let bits = score.bitPattern
    let key = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    return UInt64(key) << 32 | UInt64(UInt32(bitPattern: row))
}

@inline(__always) func scoredRow(_ packed: UInt64) -> Int32 { Int32(bitPattern: UInt32(truncatingIfNeeded: packed)) }

@inline(__always) func scoredScore(_ packed: UInt64) -> Float {
    let key = UInt32(truncatingIfNeeded: packed >> 32)
    return Float(bitPattern: key & 0x8000_0000 != 0 ? key & 0x7FFF_FFFF : ~key)
}

/// A binary heap of packed pairs: `maxFirst` keeps the best on top (the candidates to expand),
/// otherwise the worst (the results, bounded by ef).
struct PackedHeap {
    private(set) var items: [UInt64] = []
    let maxFirst: Bool

    init(maxFirst: Bool, capacity: Int) {
        self.maxFirst = maxFirst
        items.reserveCapacity(capacity)
    }

    var count: Int { items.count }
    var isEmpty: Bool { items.isEmpty }
    var top: UInt64 { items[0] }
    mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    @inline(__always) private static func above(_ a: UInt64, _ b: UInt64, _ maxFirst: Bool) -> Bool { maxFirst ? a > b : a < b }

    mutating func push(_ value: UInt64) {
        items.append(value)
        let maxFirst = self.maxFirst
        items.withUnsafeMutableBufferPointer { h in
            var child = h.count - 1
            while child > 0 {
                let parent = (child - 1) >> 1
                guard Self.above(h[child], h[parent], maxFirst) else { break }
                h.swapAt(child, parent)
                child = parent
            }
        }
    }

    @discardableResult
    mutating func pop() -> UInt64 {
        let first = items[0]
        let last = items.removeLast()
        guard !items.isEmpty else { return first }
        let maxFirst = self.maxFirst
        items.withUnsafeMutableBufferPointer { h in
            h[0] = last
            var parent = 0
            let n = h.count
            while true {
                let left = 2 * parent + 1
                if left >= n { break }
                var best = left
                if left + 1 < n && Self.above(h[left + 1], h[left], maxFirst) { best = left + 1 }
                guard Self.above(h[best], h[parent], maxFirst) else { break }
                h.swapAt(best, parent)
                parent = best
            }
        }
        return first
    }
}

/// What one search costs: the graph's nodes expanded and the dot products computed.
public struct HNSWSearchCost: Sendable, Equatable {
    public var expanded = 0
    public var distances = 0
    public init() {}
    public static func += (a: inout HNSWSearchCost, b: HNSWSearchCost) {
        a.expanded += b.expanded
        a.distances += b.distances
    }
}

/// Per-thread memory for searches: a visited mark per row (a generation counter, so clearing
/// costs nothing until it wraps, as hnswlib's `VisitedList`), the two heaps, a copy buffer for
/// link lists read under a lock, the unvisited neighbours of the node being expanded, and the
/// query, zero-padded to whole SIMD8 chunks and 64-byte aligned as `paddedDot` reads it. Used
/// by one search at a time: it passes between threads only through `HNSWIndex`'s pool (under
/// its lock) or stays with one build worker.
final class HNSWSearchScratch: @unchecked Sendable {
    var visited: [UInt16]
    var generation: UInt16 = 0
    private(set) var candidates = PackedHeap(maxFirst: true, capacity: 256)
    private(set) var results = PackedHeap(maxFirst: false, capacity: 256)
    /// Room for one link list (count first).
    let links: UnsafeMutablePointer<Int32>
    /// Room for one list's rows.
    let pending: UnsafeMutablePointer<Int32>
    /// The unit query of the search under way, `8 x ceil(dimension / 8)` floats.
    let query: UnsafeMutablePointer<Float>
    var cost = HNSWSearchCost()

    init(count: Int, maxLinks0: Int, dimension: Int) {
        visited = [UInt16](repeating: 0, count: count)
        links = .allocate(capacity: maxLinks0 + 1)
        links.initialize(repeating: 0, count: maxLinks0 + 1)
        pending = .allocate(capacity: maxLinks0 + 1)
        pending.initialize(repeating: 0, count: maxLinks0 + 1)
        let padded = Swift.max(8, (dimension + 7) / 8 * 8)
        query = UnsafeMutableRawPointer.allocate(byteCount: padded * 4, alignment: 64).bindMemory(to: Float.self, capacity: padded)
        query.initialize(repeating: 0, count: padded)
    }

    deinit {
        links.deallocate()
        pending.deallocate()
        query.deallocate()
    }

    /// Starts a new search: a fresh generation (the marks are cleared once every 65535 searches).
    func begin() {
        generation &+= 1
        if generation == 0 {
            for i in visited.indices { visited[i] = 0 }
            generation = 1
        }
        candidates.removeAll()
        results.removeAll()
    }

    /// The heaps moved out (their storage with them, uniquely referenced, so a search's pushes
    /// never copy), to be handed back with `give`.
    func takeCandidates() -> PackedHeap { defer { candidates = PackedHeap(maxFirst: true, capacity: 0) }; return candidates }
    func takeResults() -> PackedHeap { defer { results = PackedHeap(maxFirst: false, capacity: 0) }; return results }
    func give(candidates: PackedHeap, results: PackedHeap) {
        self.candidates = candidates
        self.results = results
    }

    /// Pops the results, best first.
    func popResults() -> [(row: Int32, score: Float)] {
        var found: [(row: Int32, score: Float)] = []
        found.reserveCapacity(results.count)
        while !results.isEmpty {
            let packed = results.pop()
            found.append((scoredRow(packed), scoredScore(packed)))
        }
        return found.reversed()
    }
}

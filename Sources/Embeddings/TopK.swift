/// The `capacity` best (highest-scoring) rows seen so far, in a bounded min-heap whose root is
/// the worst kept entry, so a scan over n rows costs O(n + m log k) for m insertions that beat
/// the root (few, once the heap is full).
///
/// Ties are broken by row: of two equal scores the lower row (the more frequent word) ranks first,
/// so results do not depend on scan order.
struct TopK {
    private(set) var rows: [Int32] = []
    private(set) var scores: [Float] = []
    let capacity: Int
    /// Scores at or below this cannot enter (the root, once full).
    private(set) var threshold: Float = -.infinity

    init(capacity: Int) {
        precondition(capacity >= 0)
        self.capacity = capacity
        rows.reserveCapacity(capacity)
        scores.reserveCapacity(capacity)
    }

    /// True if (a, rowA) ranks below (b, rowB).
    @inline(__always)
    private static func worse(_ a: Float, _ rowA: Int32, _ b: Float, _ rowB: Int32) -> Bool {
        a < b || (a == b && rowA > rowB)
    }

    /// Offers a row. Callers may pre-filter with `score >= threshold` for speed.
    @inline(__always)
    mutating func insert(row: Int, score: Float) {
        guard capacity > 0, !score.isNaN else { return }
        let r = Int32(truncatingIfNeeded: row)
        if rows.count < capacity {
            rows.append(r)
            scores.append(score)
            siftUp(rows.count - 1)
            if rows.count == capacity { threshold = scores[0] }
            return
        }
        guard Self.worse(scores[0], rows[0], score, r) else { return }
        rows[0] = r
        scores[0] = score
        siftDown(0)
        threshold = scores[0]
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.worse(scores[child], rows[child], scores[parent], rows[parent]) else { return }
            rows.swapAt(child, parent)
            scores.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let n = rows.count
        while true {
            var worst = parent
            let left = 2 * parent + 1, right = left + 1
            if left < n && Self.worse(scores[left], rows[left], scores[worst], rows[worst]) { worst = left }
            if right < n && Self.worse(scores[right], rows[right], scores[worst], rows[worst]) { worst = right }
            if worst == parent { return }
            rows.swapAt(parent, worst)
            scores.swapAt(parent, worst)
            parent = worst
        }
    }

    /// Merges another heap's entries (e.g. from a parallel chunk).
    mutating func merge(_ other: TopK) {
        for (row, score) in zip(other.rows, other.scores) { insert(row: Int(row), score: score) }
    }

    /// The kept rows, best first.
    func sorted() -> [(row: Int, score: Float)] {
        zip(rows, scores).map { (row: Int($0.0), score: $0.1) }
            .sorted { $0.score > $1.score || ($0.score == $1.score && $0.row < $1.row) }
    }
}

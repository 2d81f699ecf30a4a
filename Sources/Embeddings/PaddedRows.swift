import Kernels

/// Scores one row of the unit matrix, read in whole SIMD8 chunks (see `VectorKernels`).
protocol RowScorer: Sendable {
    func score(_ row: UnsafePointer<Float>) -> Float
}

/// Cosine with one zero-padded unit query.
/// `@unchecked Sendable`: `query` is only read, and the caller keeps it alive until the scan
/// returns.
struct DotScorer: RowScorer, @unchecked Sendable {
    let query: UnsafePointer<Float>
    let chunks: Int
    @inline(__always) func score(_ row: UnsafePointer<Float>) -> Float { VectorKernels.paddedDot(row, query, chunks: chunks) }
}

/// A row-major matrix scanned in SIMD8 chunks that may read past a row's end: rows from
/// `safeRows` on, whose over-read would leave the buffer, are scored from a padded copy.
struct PaddedRows {
    let base: UnsafePointer<Float>
    let rows: Int
    let dimension: Int

    var chunks: Int { (dimension + 7) / 8 }
    /// Rows whose `8 x chunks` values starting at the row lie inside the buffer.
    var safeRows: Int {
        let total = rows * dimension, span = chunks * 8
        return total >= span ? Swift.min(rows, (total - span) / dimension + 1) : 0
    }

    /// The score of one row, exactly as `scan` computes it.
    @inline(__always)
    func score<S: RowScorer>(row: Int, _ scorer: S) -> Float {
        if row < safeRows { return scorer.score(base + row * dimension) }
        var copy = [Float](repeating: 0, count: chunks * 8)
        for k in 0..<dimension { copy[k] = base[row * dimension + k] }
        return copy.withUnsafeBufferPointer { scorer.score($0.baseAddress!) }
    }

    /// The best `capacity` rows of `range` by `scorer`.
    @inline(__always)
    func scan<S: RowScorer>(_ range: Range<Int>, capacity: Int, _ scorer: S) -> TopK {
        var heap = TopK(capacity: capacity)
        let d = dimension
        let safe = Swift.min(range.upperBound, Swift.max(range.lowerBound, safeRows))
        for row in range.lowerBound..<safe {
            let s = scorer.score(base + row * d)
            if s >= heap.threshold { heap.insert(row: row, score: s) }
        }
        if safe < range.upperBound {
            var copy = [Float](repeating: 0, count: chunks * 8)
            for row in safe..<range.upperBound {
                for k in 0..<d { copy[k] = base[row * d + k] }
                let s = copy.withUnsafeBufferPointer { scorer.score($0.baseAddress!) }
                if s >= heap.threshold { heap.insert(row: row, score: s) }
            }
        }
        return heap
    }
}

/// Wraps a value the caller knows is safe to share (read-only pointers, disjoint writes).
/// The module's one wrapper for handing raw pointers to `concurrentPerform` workers; each use
/// must be one of those two cases, with the memory outliving the parallel call.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

import Kernels

/// Scores one raw row of the matrix, read in whole SIMD8 chunks (see `VectorKernels`), as a
/// cosine: the row's dot products scaled by its inverse norm.
protocol RowScorer: Sendable {
    func score(_ row: UnsafePointer<Float>, inverseNorm: Float) -> Float
}

/// Cosine with one zero-padded unit query.
/// `@unchecked Sendable`: `query` is only read, and the caller keeps it alive until the scan
/// returns.
struct DotScorer: RowScorer, @unchecked Sendable {
    let query: UnsafePointer<Float>
    let chunks: Int
    @inline(__always) func score(_ row: UnsafePointer<Float>, inverseNorm: Float) -> Float {
        VectorKernels.paddedDot(row, query, chunks: chunks) * inverseNorm
    }
}

/// A row-major matrix (rows `stride` floats apart) with its rows' inverse norms, scanned in
/// SIMD8 chunks that may read past a row's end: rows from `safeRows` on, whose over-read would
/// leave the `readable` floats, are scored from a padded copy.
struct PaddedRows {
    let base: UnsafePointer<Float>
    let rows: Int
    let dimension: Int
    let stride: Int
    let inverseNorms: UnsafePointer<Float>
    /// Floats readable from `base`.
    let readable: Int

    var chunks: Int { (dimension + 7) / 8 }
    /// Rows whose `8 x chunks` values starting at the row lie inside the readable floats.
    var safeRows: Int {
        let span = chunks * 8
        return readable >= span ? Swift.min(rows, (readable - span) / stride + 1) : 0
    }

    /// The score of one row, exactly as `scan` computes it.
    @inline(__always)
    func score<S: RowScorer>(row: Int, _ scorer: S) -> Float {
        if row < safeRows { return scorer.score(base + row * stride, inverseNorm: inverseNorms[row]) }
        var copy = [Float](repeating: 0, count: chunks * 8)
        for k in 0..<dimension { copy[k] = base[row * stride + k] }
        return copy.withUnsafeBufferPointer { scorer.score($0.baseAddress!, inverseNorm: inverseNorms[row]) }
    }

    /// The best `capacity` rows of `range` by `scorer`.
    @inline(__always)
    func scan<S: RowScorer>(_ range: Range<Int>, capacity: Int, _ scorer: S) -> TopK {
        var heap = TopK(capacity: capacity)
        let safe = Swift.min(range.upperBound, Swift.max(range.lowerBound, safeRows))
        for row in range.lowerBound..<safe {
            let s = scorer.score(base + row * stride, inverseNorm: inverseNorms[row])
            if s >= heap.threshold { heap.insert(row: row, score: s) }
        }
        for row in safe..<Swift.max(safe, range.upperBound) {
            let s = score(row: row, scorer)
            if s >= heap.threshold { heap.insert(row: row, score: s) }
        }
        return heap
    }
}

extension Embeddings {
    /// Runs `body` over the raw matrix and its inverse norms, wherever they are stored.
    func withPaddedRows<R>(_ body: (PaddedRows) throws -> R) rethrows -> R {
        try vectors.withRows { base, stride in
            try inverseNorms.withRows { inverse, _ in
                let readable = count == 0 ? 0 : (count - 1) * stride + dimension + FloatRows.overRead
                return try body(PaddedRows(base: base, rows: count, dimension: dimension, stride: stride,
                                           inverseNorms: inverse, readable: readable))
            }
        }
    }
}

/// Wraps a value the caller knows is safe to share (read-only pointers, disjoint writes).
/// The module's one wrapper for handing raw pointers to `concurrentPerform` workers; each use
/// must be one of those two cases, with the memory outliving the parallel call.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

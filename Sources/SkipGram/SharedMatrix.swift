/// A row-major `rows x stride` matrix of `Float` that several worker threads read and write
/// at the same time WITHOUT locks: the only type in the trainer that holds unsafe shared memory.
///
/// ## The deliberate race (Hogwild, Niu et al. 2011)
/// SGNS workers update the input matrix W and the output matrix C in place, as word2vec.c's
/// `TrainModelThread` does on `syn0`/`syn1neg`. Two workers may read a row while another adds
/// to it, or add to the same row at once, so an update can be lost or a dot product can see a
/// half-updated row. Those are plain (non-atomic) 32-bit float loads and stores; on x86-64 and
/// AArch64 they never tear, so a reader sees each element either before or after a write.
/// The race is tolerated because each update touches a handful of rows out of tens of
/// thousands, so collisions are rare, and SGD converges with such sparse, lossy updates
/// (Niu et al. 2011 prove it for sparse problems; every word2vec implementation relies on it).
/// Nothing else is shared: no pointer into this memory escapes a worker's step, the matrix
/// outlives the workers (the trainer owns it), and results are read only after the workers
/// have joined, so the reads that build the final `Embeddings` are race-free.
///
/// Rows are padded to `stride`, a multiple of 16 floats, and the allocation is 64-byte
/// aligned, so SIMD kernels load whole aligned `SIMD16<Float>` chunks with no tail loop.
/// The padding stays zero: both matrices start with zero padding and every update adds a
/// combination of rows, whose padding is zero.
///
/// `@unchecked Sendable` for exactly that reason: the race above is the design, and the type is
/// the one place it is allowed.
public final class SharedMatrix: @unchecked Sendable {
    /// Number of rows.
    public let rows: Int
    /// Logical row length (the embedding dimension).
    public let columns: Int
    /// Physical row length in floats: `columns` rounded up to a multiple of 16.
    public let stride: Int
    /// The storage, private so that every access goes through `row(_:)` (bounds asserted in
    /// debug builds) or the whole-matrix copies below; see the type documentation.
    private let base: UnsafeMutablePointer<Float>

    /// Allocates a zeroed matrix.
    public init(rows: Int, columns: Int) {
        precondition(rows >= 0 && columns > 0)
        self.rows = rows
        self.columns = columns
        self.stride = (columns + 15) / 16 * 16
        let count = max(1, rows * stride)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
        base = raw.bindMemory(to: Float.self, capacity: count)
        base.initialize(repeating: 0, count: count)
    }

    deinit { base.deallocate() }

    /// Pointer to the first float of `row` (64-byte aligned).
    @inline(__always)
    public func row(_ row: Int) -> UnsafeMutablePointer<Float> {
        assert(row >= 0 && row < rows, "SharedMatrix: row \(row) out of 0..<\(rows)")
        return base + row &* stride
    }

    /// Copies the logical part of every row out, row-major `rows x columns`.
    /// Call only when no worker is running.
    public func toArray() -> [Float] {
        var out = [Float](repeating: 0, count: rows * columns)
        out.withUnsafeMutableBufferPointer { dst in
            for r in 0..<rows {
                (dst.baseAddress! + r * columns).update(from: row(r), count: columns)
            }
        }
        return out
    }

    /// Replaces the logical contents from a row-major `rows x columns` array.
    /// Call only when no worker is running.
    public func load(_ values: [Float]) {
        precondition(values.count == rows * columns)
        values.withUnsafeBufferPointer { src in
            for r in 0..<rows {
                row(r).update(from: src.baseAddress! + r * columns, count: columns)
            }
        }
    }

    /// True when every element is finite. O(rows x columns); call between workers' runs.
    public func allFinite() -> Bool {
        for i in 0..<(rows * stride) where !base[i].isFinite { return false }
        return true
    }
}

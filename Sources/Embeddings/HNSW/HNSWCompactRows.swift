import Kernels

/// The unit rows in bfloat16 (the top 16 bits of each float, rounded, as `NeighbourIndex`),
/// which an index search walks the graph with: half the bytes of the float rows and no
/// inverse norm to fetch, so twice as many rows are in flight per cache miss. The rows a search
/// keeps are rescored with the float rows, so the answers carry exact cosines; only which rows
/// are visited can differ (each approximate cosine is within 2^-8 of the exact one).
///
/// Each row is `stride` values (a multiple of 32: 64-byte aligned rows), zero-padded.
/// - Complexity: O(count x dimension) to make; `count x stride x 2` bytes.
///
/// `@unchecked Sendable`: written only in `init`, read-only after, freed in `deinit`.
final class HNSWCompactRows: @unchecked Sendable {
    let base: UnsafeMutablePointer<UInt16>
    let stride: Int
    let chunks: Int
    private let raw: UnsafeMutableRawPointer

    init(_ embeddings: Embeddings) {
        chunks = Swift.max(1, (embeddings.dimension + 7) / 8)
        stride = (chunks * 8 + 31) / 32 * 32
        let values = Swift.max(1, embeddings.count) * stride
        raw = .allocate(byteCount: values * 2, alignment: 64)
        base = raw.bindMemory(to: UInt16.self, capacity: values)
        base.initialize(repeating: 0, count: values)
        let d = embeddings.dimension
        let base = self.base, stride = self.stride
        embeddings.withPaddedRows { rows in
            for row in 0..<rows.rows {
                let source = rows.base + row * rows.stride
                let scale = rows.inverseNorms[row]
                let target = base + row * stride
                for k in 0..<d { target[k] = NeighbourIndex.bfloat16(source[k] * scale) }
            }
        }
    }

    deinit { raw.deallocate() }

    /// The approximate cosine of `row` with a unit query zero-padded to `chunks x 8` floats.
    @inline(__always)
    func similarity(_ query: UnsafePointer<Float>, _ row: Int32) -> Float {
        VectorKernels.bfloat16Dot(base + Int(row) * stride, query, chunks: chunks)
    }

    @inline(__always)
    func prefetch(_ row: Int32) {
        VectorKernels.prefetch(UnsafeRawPointer(base + Int(row) * stride).assumingMemoryBound(to: Float.self), count: stride / 2)
    }
}

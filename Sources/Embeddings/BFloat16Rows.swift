import Kernels

/// The unit rows (`Embeddings.unitRow`) in bfloat16, the top 16 bits of each float rounded
/// (`NeighbourIndex.bfloat16`): half the bytes of the float rows and no inverse norm to fetch,
/// for scans and walks bound by memory. Each approximate cosine with a unit query is within
/// 2^-8 of the exact one, so users rescore what they keep with the float rows:
/// `NeighbourIndex` (exact answers from a pre-scan) and HNSW queries (`HNSWIndex.WalkRows`).
///
/// Row `i` starts at `base + i x stride`; the values past `dimension` and 8 more after the
/// last row are zero, so `bfloat16Dot` may read whole 8-value chunks of any row.
/// - Complexity: O(count x dimension) to make; `(count x stride + 8) x 2` bytes.
///
/// `@unchecked Sendable`: written only in `init`, read-only after, freed in `deinit`.
final class BFloat16Rows: @unchecked Sendable {
    let base: UnsafeMutablePointer<UInt16>
    let stride: Int
    /// 8-value chunks per row that `similarity` reads.
    let chunks: Int
    private let raw: UnsafeMutableRawPointer

    /// The smallest stride of at least `dimension` values that starts every row on a 64-byte line.
    static func alignedStride(dimension: Int) -> Int { (Swift.max(1, dimension) + 31) / 32 * 32 }

    /// `stride` is at least the dimension: the dimension itself packs the rows (a scan reads
    /// them in order), `alignedStride` gives each row its own cache lines (a walk jumps between rows).
    init(_ embeddings: Embeddings, stride: Int) {
        let d = embeddings.dimension
        precondition(stride >= d, "stride \(stride) is shorter than the dimension \(d)")
        self.stride = stride
        chunks = Swift.max(1, (d + 7) / 8)
        let values = embeddings.count * stride + 8
        raw = .allocate(byteCount: values * 2, alignment: 64)
        base = raw.bindMemory(to: UInt16.self, capacity: values)
        base.initialize(repeating: 0, count: values)
        for row in 0..<embeddings.count {
            let unit = embeddings.unitRow(row)
            let target = base + row * stride
            for k in 0..<d { target[k] = NeighbourIndex.bfloat16(unit[k]) }
        }
    }

    deinit { raw.deallocate() }

    /// The approximate cosine of `row` with a unit query zero-padded to `chunks x 8` floats.
    @inline(__always)
    func similarity(_ query: UnsafePointer<Float>, _ row: Int) -> Float {
        VectorKernels.bfloat16Dot(base + row * stride, query, chunks: chunks)
    }

    /// Starts loading `row`'s values into the cache (see `VectorKernels.prefetch`).
    @inline(__always)
    func prefetch(_ row: Int) {
        VectorKernels.prefetch(UnsafeRawPointer(base + row * stride).assumingMemoryBound(to: Float.self), count: (stride + 1) / 2)
    }
}

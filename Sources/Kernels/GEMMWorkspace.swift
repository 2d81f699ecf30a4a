#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Per-thread scratch memory for `GEMM`'s packed panels (BLIS keeps such a pool per thread
/// too): allocated on a thread's first product, grown when a product needs more, freed when
/// the thread ends (a `pthread` key destructor). Dispatch's worker threads live on, so a
/// training run allocates its packing buffers once per thread instead of once per product.
enum GEMMWorkspace {
    /// Bytes before the buffer proper; the first word holds the buffer's capacity.
    private static let header = 64

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        let status = pthread_key_create(&key) { free($0) }
        precondition(status == 0, "GEMMWorkspace: pthread_key_create failed (\(status))")
        return key
    }()

    /// This thread's buffer of at least `bytes` bytes, 64-byte aligned. Its contents are
    /// undefined; it stays valid until this thread asks for a larger one or ends.
    /// - Complexity: O(1) once the buffer is large enough.
    static func current(bytes: Int) -> UnsafeMutableRawPointer {
        if let base = pthread_getspecific(key) {
            if base.load(as: Int.self) >= bytes { return base + header }
            free(base)
        }
        var raw: UnsafeMutableRawPointer?
        let status = posix_memalign(&raw, 64, header + bytes)
        guard status == 0, let base = raw else { fatalError("GEMMWorkspace: cannot allocate \(bytes) bytes") }
        base.storeBytes(of: bytes, as: Int.self)
        pthread_setspecific(key, base)
        return base + header
    }
}

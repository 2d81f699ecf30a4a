#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Kernels

/// A whole file mapped read-only and shared (`MAP_SHARED`): its pages come from the page
/// cache as they are touched and are the same physical pages in every process mapping the
/// file, so RSS grows with what a query reads, and a second process opening the file reads
/// nothing from disk. Unmapped when the last `Embeddings` value using it goes.
///
/// `@unchecked Sendable`: the mapping is read-only (`PROT_READ`) and unmapped only in `deinit`.
final class MappedRegion: @unchecked Sendable {
    /// nil for an empty file.
    let base: UnsafeRawPointer?
    let size: Int

    init(path: String) throws {
        let input: InputFile
        do { input = try InputFile(path: path) } catch let error as InputError {
            throw EmbeddingsError.cannotOpen(path: path, reason: error.reason)
        }
        defer { input.close() }
        guard input.isRegular else { throw EmbeddingsError.cannotOpen(path: path, reason: "not a regular file (a mapped vectors file cannot be read from a pipe)") }
        size = input.size
        guard size > 0 else { base = nil; return }
        guard let mapping = mmap(nil, size, PROT_READ, MAP_SHARED, input.descriptor, 0), mapping != MAP_FAILED else {
            throw EmbeddingsError.cannotOpen(path: path, reason: "mmap failed: \(String(cString: strerror(errno)))")
        }
        base = UnsafeRawPointer(mapping)
    }

    /// Drops this process's mapping of the whole pages before `offset` (they stay in the page
    /// cache): a one-pass reader such as `verify` then holds a window, not the file.
    func release(before offset: Int) {
        #if os(Linux)
        guard let base else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let end = Swift.min(offset, size) / page * page
        if end > 0 { _ = madvise(UnsafeMutableRawPointer(mutating: base), end, 4 /* MADV_DONTNEED */) }
        #endif
    }

    deinit { if let base { munmap(UnsafeMutableRawPointer(mutating: base), size) } }
}

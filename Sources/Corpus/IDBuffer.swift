#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable `UInt32` buffer that hands its storage to `EncodedCorpus` without a copy,
/// kept either in `malloc` memory or in a memory-mapped temporary file.
///
/// In memory it grows with `realloc`, which for large blocks (glibc: above the mmap
/// threshold) moves pages with `mremap` instead of copying, so the 68 MB id stream of a
/// 17M-token corpus never exists twice, as it would while a Swift `Array` doubles.
///
/// On disk (`directory` given) the ids live in a file created in that directory and
/// unlinked at once, so nothing is left behind whatever happens to the process. The file is
/// grown with `posix_fallocate` (a full disk or a file-size limit is reported, instead of
/// the SIGBUS that writing into a sparse mapping would raise), mapped `MAP_SHARED`, and
/// every `releaseEvery` ids the pages already written are dropped from the process with
/// `madvise(MADV_DONTNEED)`: the kernel keeps them in the page cache and writes them back,
/// so a corpus larger than memory can be encoded in bounded resident memory.
///
/// A failure to grow the file cannot be thrown from `append` (it runs per token): appends
/// stop, `failure` says why, and the loader reports it after the pass.
struct IDBuffer: ~Copyable {
    private(set) var base: UnsafeMutablePointer<UInt32>
    private(set) var count = 0
    private var capacity: Int
    /// `append` takes the fast path while `count < limit` = min(capacity, next release).
    private var limit: Int
    /// The backing file, or -1 in memory.
    private let file: Int32
    /// Bytes of the mapping (file mode).
    private var mappedBytes = 0
    /// Ids before this index have been released from resident memory (file mode).
    private var released = 0
    /// The `errno` value that stopped appends (the file could not grow), or 0.
    private var failureCode: Int32 = 0

    /// Ids written between two releases of resident pages (file mode).
    private let releaseEvery: Int

    /// A buffer in memory, or, when `directory` is given, in a temporary file there whose
    /// written pages leave resident memory every `releaseEvery` ids (default 64 MiB).
    /// - Throws: `CorpusError.idsFileFailed` when the file cannot be created or mapped.
    init(capacity: Int, directory: String? = nil, releaseEvery: Int = 16 << 20) throws {
        let capacity = max(capacity, 64)
        self.releaseEvery = max(releaseEvery, 1)
        guard let directory else {
            self.capacity = capacity
            file = -1
            base = Self.reallocate(nil, capacity: capacity)
            limit = capacity
            return
        }
        var template = Array((directory.isEmpty ? "." : directory).utf8CString.dropLast()) + Array("/.w2v-ids-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw CorpusError.idsFileFailed(directory: directory, reason: String(cString: strerror(errno)))
        }
        _ = template.withUnsafeBufferPointer { unlink($0.baseAddress!) }
        let bytes = Self.pageRounded(capacity * MemoryLayout<UInt32>.stride)
        let code = Self.extend(fd, to: bytes)
        let map = code == 0 ? mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) : nil
        guard let map, map != Self.mapFailed else {
            let reason = String(cString: strerror(code != 0 ? code : errno))
            close(fd)
            throw CorpusError.idsFileFailed(directory: directory, reason: reason)
        }
        self.capacity = capacity
        file = fd
        base = map.assumingMemoryBound(to: UInt32.self)
        mappedBytes = bytes
        limit = min(capacity, self.releaseEvery)
    }

    /// Why appends stopped (the file could not grow: disk full, file-size limit), or nil.
    var failure: String? { failureCode == 0 ? nil : String(cString: strerror(failureCode)) }

    deinit {
        if file >= 0 {
            munmap(base, mappedBytes)
            close(file)
        } else {
            free(base)
        }
    }

    /// True when the ids live in a file.
    var isFileBacked: Bool { file >= 0 }

    @inline(__always)
    mutating func append(_ id: UInt32) {
        if count == limit {
            makeRoom()
            if count == capacity { return } // the file could not grow: `failure` says why
        }
        base[count] = id
        count += 1
    }

    /// Keeps the first `newCount` ids.
    mutating func truncate(to newCount: Int) {
        precondition(newCount <= count)
        count = newCount
    }

    /// Drops everything and returns the memory (or the disk space).
    mutating func removeAll() {
        count = 0
        released = 0
        if file >= 0 {
            _ = ftruncate(file, 0)
            capacity = 64
            let code = mapFile(ids: capacity)
            if code != 0 { failureCode = code; capacity = 0 }
            limit = min(capacity, releaseEvery)
        } else {
            resize(64)
            limit = capacity
        }
    }

    /// Hands the ids over, trimmed to size (a file mapping becomes read-only).
    consuming func encodedCorpus(wordCount: Int) -> EncodedCorpus {
        let count = count
        if file >= 0 {
            let file = file, old = base, oldBytes = mappedBytes
            discard self
            munmap(old, oldBytes)
            let bytes = count * MemoryLayout<UInt32>.stride
            _ = ftruncate(file, off_t(bytes))
            let length = max(Self.pageRounded(bytes), Self.pageSize)
            let map = mmap(nil, length, PROT_READ, MAP_SHARED, file, 0)
            close(file)
            guard let map, map != Self.mapFailed else { fatalError("IDBuffer: cannot map the ids file again: \(String(cString: strerror(errno)))") }
            return EncodedCorpus(mapping: map.assumingMemoryBound(to: UInt32.self), count: count, wordCount: wordCount, byteCount: length)
        }
        let trimmed = Self.reallocate(base, capacity: count)
        discard self
        return EncodedCorpus(adopting: trimmed, count: count, wordCount: wordCount)
    }

    /// The slow path of `append`: grow, and in file mode release written pages.
    private mutating func makeRoom() {
        guard failureCode == 0 else { return }
        if file >= 0 {
            if count >= released + releaseEvery {
                let start = released * 4 / Self.pageSize * Self.pageSize
                let end = count * 4 / Self.pageSize * Self.pageSize
                if end > start { _ = madvise(UnsafeMutableRawPointer(base) + start, end - start, MADV_DONTNEED) }
                released = count
            }
            if count == capacity {
                let newCapacity = capacity + capacity / 2
                let code = mapFile(ids: newCapacity)
                if code != 0 { failureCode = code } else { capacity = newCapacity }
            }
            limit = min(capacity, released + releaseEvery)
        } else {
            resize(capacity + capacity / 2)
            limit = capacity
        }
    }

    /// Extends the file to hold `ids` ids and maps all of it; returns 0 or the `errno` value.
    private mutating func mapFile(ids: Int) -> Int32 {
        let bytes = Self.pageRounded(ids * MemoryLayout<UInt32>.stride)
        let code = Self.extend(file, to: bytes)
        if code != 0 { return code }
        if mappedBytes > 0 { munmap(base, mappedBytes); mappedBytes = 0 }
        guard let map = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, file, 0), map != Self.mapFailed else {
            return errno
        }
        base = map.assumingMemoryBound(to: UInt32.self)
        mappedBytes = bytes
        return 0
    }

    /// Allocates disk blocks for the first `bytes` of `fd`; returns 0 or the `errno` value.
    private static func extend(_ fd: Int32, to bytes: Int) -> Int32 {
        #if os(Linux)
        return posix_fallocate(fd, 0, off_t(bytes))
        #else
        return ftruncate(fd, off_t(bytes)) == 0 ? 0 : errno
        #endif
    }

    private mutating func resize(_ newCapacity: Int) {
        base = Self.reallocate(base, capacity: newCapacity)
        capacity = newCapacity
    }

    /// `mmap`'s MAP_FAILED, `(void *)-1`.
    static var mapFailed: UnsafeMutableRawPointer? { UnsafeMutableRawPointer(bitPattern: -1) }

    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    static func pageRounded(_ bytes: Int) -> Int { (bytes + pageSize - 1) / pageSize * pageSize }

    static func reallocate(_ pointer: UnsafeMutablePointer<UInt32>?, capacity: Int) -> UnsafeMutablePointer<UInt32> {
        guard let raw = realloc(pointer, max(capacity, 1) * MemoryLayout<UInt32>.stride) else {
            fatalError("IDBuffer: out of memory for \(capacity) ids")
        }
        return raw.assumingMemoryBound(to: UInt32.self)
    }
}

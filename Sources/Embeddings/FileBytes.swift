#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Kernels

/// A whole file in memory: mapped (regular files), or read into a buffer (pipes, in-memory
/// data); either way followed by `padding` newline bytes, so that text scanners may stop at a
/// newline without bounds checks.
///
/// A regular file is mapped privately into a reserved span `padding` bytes longer, without
/// reading it all in advance: the newlines go into the private tail (the end of its last page,
/// or an anonymous page after it), and `releasePages(before:)` hands back the pages a reader
/// has passed, so the file never has to be resident all at once (issue 13: the 173 MB text file
/// used to cost 173 MB of mapping plus a 173 MB padded copy on top of the vectors).
struct FileBytes {
    static let padding = 16
    let bytes: UnsafePointer<UInt8>
    let count: Int
    // `bytes[count ..< count + padding]` are readable newlines.
    /// Bytes mapped at `bytes` (0 when the bytes are an allocated buffer).
    private let mappedSpan: Int
    private var mapped: Bool { mappedSpan > 0 }

    init(path: String) throws {
        let input: InputFile
        do { input = try InputFile(path: path) } catch let error as InputError {
            throw EmbeddingsError.cannotOpen(path: path, reason: error.reason)
        }
        try self.init(input)
    }

    /// The bytes of an input already open (`InputFile`), read from its one descriptor: mapped
    /// if it is a non-empty regular file, else read to the end (a pipe, a FIFO, a device).
    init(_ input: InputFile) throws {
        if input.isRegular && input.size > 0, let mapping = Self.map(input.descriptor, size: input.size) {
            bytes = UnsafePointer(mapping.assumingMemoryBound(to: UInt8.self))
            count = input.size
            mappedSpan = Self.span(count)
            return
        }
        do {
            let (buffer, used) = try input.readAll(padding: Self.padding)
            bytes = UnsafePointer(buffer)
            count = used
            mappedSpan = 0
        } catch let error as InputError {
            throw EmbeddingsError.cannotOpen(path: input.path, reason: error.reason)
        }
    }

    /// The bytes to map for a file of `size` bytes and its padding, in whole pages.
    private static func span(_ size: Int) -> Int {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        return (size + padding + page - 1) / page * page
    }

    /// Maps `size` bytes of `fd` privately (copy-on-write) at the start of a reserved span, and
    /// writes the newline padding after them; nil if mapping fails (the caller then reads).
    private static func map(_ fd: Int32, size: Int) -> UnsafeMutableRawPointer? {
        let span = span(size)
        guard let region = mmap(nil, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), region != MAP_FAILED else { return nil }
        guard let file = mmap(region, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, 0), file == region else {
            munmap(region, span)
            return nil
        }
        #if os(Linux)
        _ = madvise(region, size, 2 /* MADV_SEQUENTIAL */)
        #endif
        (region.assumingMemoryBound(to: UInt8.self) + size).initialize(repeating: 0x0A, count: padding)
        return region
    }

    /// Lets the kernel drop the whole pages of a mapped file before `offset` (they are reread
    /// from the file if touched again) and starts reading the next `ahead` bytes. A reader
    /// calls it as it moves on, so a file costs a window of memory rather than its size.
    /// No effect on buffers, nor on the last page (it holds the newline padding).
    func releasePages(before offset: Int, ahead: Int = 8 << 20) {
        #if os(Linux)
        guard mapped else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let end = Swift.min(offset, count - count % page) / page * page
        let base = UnsafeMutableRawPointer(mutating: bytes)
        if end > 0 { _ = madvise(base, end, 4 /* MADV_DONTNEED */) }
        let aheadEnd = Swift.min(count, end + ahead)
        if aheadEnd > end { _ = madvise(base + end, aheadEnd - end, 3 /* MADV_WILLNEED */) }
        #endif
    }

    /// A padded copy of `data`.
    init(copying data: UnsafeBufferPointer<UInt8>) {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: data.count + Self.padding)
        if let base = data.baseAddress { buffer.update(from: base, count: data.count) }
        (buffer + data.count).initialize(repeating: 0x0A, count: Self.padding)
        bytes = UnsafePointer(buffer)
        count = data.count
        mappedSpan = 0
    }

    /// The whole file as UTF-8 text (invalid bytes replaced).
    static func text(path: String) throws -> String {
        let file = try FileBytes(path: path)
        defer { file.release() }
        return String(decoding: UnsafeBufferPointer(start: file.bytes, count: file.count), as: UTF8.self)
    }

    init(copying data: [UInt8]) {
        self = data.withUnsafeBufferPointer { FileBytes(copying: $0) }
    }

    func release() {
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: bytes), mappedSpan)
        } else {
            UnsafeMutablePointer(mutating: bytes).deallocate()
        }
    }
}

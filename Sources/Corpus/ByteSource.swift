#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where corpus bytes come from, chunk by chunk.
protocol ByteSource: ~Copyable {
    /// Size of the whole input, for progress reports.
    var totalBytes: Int { get }
    /// Fills `buffer` as far as possible; returns the bytes read, 0 at the end.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// A file read with POSIX `open`/`read`, so the text is never held whole in memory.
struct FileByteSource: ByteSource, ~Copyable {
    let path: String
    let totalBytes: Int
    private let fd: Int32
    private var offset = 0

    init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw CorpusError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw CorpusError.cannotOpen(path: path, reason: reason)
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            close(fd)
            throw CorpusError.isDirectory(path: path)
        }
        #if canImport(Glibc)
        _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_SEQUENTIAL))
        #endif
        self.path = path
        self.fd = fd
        totalBytes = Int(info.st_size)
    }

    deinit { close(fd) }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var filled = 0
        while filled < buffer.count {
            let n = systemRead(fd, base + filled, buffer.count - filled)
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw CorpusError.readFailed(path: path, byteOffset: offset + filled, reason: String(cString: strerror(errno)))
            }
            filled += n
        }
        offset += filled
        return filled
    }
}

/// POSIX `read` (the name `read` is taken inside the sources).
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// Bytes already in memory (tests, small inputs), served in the same chunks as a file.
struct MemoryByteSource: ByteSource {
    let bytes: [UInt8]
    private var offset = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    var totalBytes: Int { bytes.count }

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: n)
        }
        offset += n
        return n
    }
}

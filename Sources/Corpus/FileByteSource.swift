#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Kernels

/// A file, or standard input, read with POSIX `read`, so the text is never held whole in
/// memory.
final class FileByteSource: ByteSource {
    /// The path, or `SourceFile.standardInput` ("-").
    let path: String
    let totalBytes: Int
    private let fd: Int32
    private let owned: Bool
    private(set) var position = 0

    init(path: String) throws {
        if path == SourceFile.standardInput {
            guard isatty(0) == 0 else { throw CorpusError.standardInputIsTerminal }
            var info = stat()
            let isFile = fstat(0, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
            self.path = path
            fd = 0
            owned = false
            totalBytes = isFile ? Int(info.st_size) : 0
            return
        }
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
        owned = true
        totalBytes = Int(info.st_size)
    }

    deinit { if owned { close(fd) } }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var filled = 0
        while filled < buffer.count {
            let n = LibC.read(fd, base + filled, buffer.count - filled)
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw CorpusError.readFailed(path: SourceFile.displayName(path), byteOffset: position + filled, reason: String(cString: strerror(errno)))
            }
            filled += n
        }
        position += filled
        return filled
    }
}

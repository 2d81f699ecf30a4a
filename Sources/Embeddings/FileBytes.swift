#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file in memory: mapped (regular files), or read into a buffer followed by
/// `padding` newline bytes (pipes, in-memory data). `hasSentinel` tells whether newlines
/// follow the last byte, so that text scanners may stop at a newline without bounds checks.
struct FileBytes {
    static let padding = 16
    let bytes: UnsafePointer<UInt8>
    let count: Int
    /// `bytes[count ..< count + padding]` are readable newlines.
    let hasSentinel: Bool
    private let mapped: Bool

    init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw EmbeddingsError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw EmbeddingsError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        if info.st_mode & S_IFMT == S_IFDIR { throw EmbeddingsError.cannotOpen(path: path, reason: "it is a directory") }
        if info.st_mode & S_IFMT == S_IFREG && info.st_size > 0 {
            let size = Int(info.st_size)
            let address = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0)
            if let address, address != MAP_FAILED {
                bytes = UnsafePointer(address.assumingMemoryBound(to: UInt8.self))
                count = size
                hasSentinel = false
                mapped = true
                return
            }
        }
        var capacity = 1 << 16
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity + Self.padding)
        var used = 0
        while true {
            if used == capacity {
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2 + Self.padding)
                bigger.update(from: buffer, count: used)
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            let n = Glibc.read(fd, buffer + used, capacity - used)
            if n < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                buffer.deallocate()
                throw EmbeddingsError.cannotOpen(path: path, reason: reason)
            }
            if n == 0 { break }
            used += n
        }
        (buffer + used).initialize(repeating: 0x0A, count: Self.padding)
        bytes = UnsafePointer(buffer)
        count = used
        hasSentinel = true
        mapped = false
    }

    /// A padded copy of `data`.
    init(copying data: UnsafeBufferPointer<UInt8>) {
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: data.count + Self.padding)
        if let base = data.baseAddress { buffer.update(from: base, count: data.count) }
        (buffer + data.count).initialize(repeating: 0x0A, count: Self.padding)
        bytes = UnsafePointer(buffer)
        count = data.count
        hasSentinel = true
        mapped = false
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
            munmap(UnsafeMutableRawPointer(mutating: bytes), count)
        } else {
            UnsafeMutablePointer(mutating: bytes).deallocate()
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an input could not be opened or read; the readers of each module wrap it in their own
/// error (the reason is a phrase such as "no such file", the path is the one the user gave).
public struct InputError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Kind: Sendable, Equatable { case missing, directory, denied, readFailed, other }
    public let path: String
    public let kind: Kind
    public let reason: String
    /// Bytes read before a read failed.
    public let byteOffset: Int

    public init(path: String, kind: Kind, reason: String, byteOffset: Int = 0) {
        self.path = path
        self.kind = kind
        self.reason = reason
        self.byteOffset = byteOffset
    }

    public var description: String { "\(path): \(reason)" }
}

/// One input path, opened once: the project's one way in for files, pipes and devices
/// (docs/paths.md). A regular file, a pipe or FIFO (`<(cat v.txt)`, `/dev/fd/N`, `mkfifo`), a
/// character device, or `-` for standard input. Whatever reads it (format detection, then the
/// reader) reads from this one descriptor: a path is never opened twice, because a second open
/// of a pipe starts where the first reader stopped and a second open of a FIFO whose writer has
/// gone waits for ever.
///
/// Only a regular file can be read again (`isRegular`): a reader that needs two passes over a
/// pipe must say so (or keep the bytes).
public final class InputFile {
    /// The path that means standard input.
    public static let standardInput = "-"

    public let path: String
    public let descriptor: Int32
    /// True for a regular file (mappable, sized, readable twice).
    public let isRegular: Bool
    /// True for standard input attached to a terminal (a reader refuses to wait on it).
    public let isTerminal: Bool
    /// Size in bytes for a regular file, 0 for a stream.
    public let size: Int
    /// Modification time, nanoseconds since 1970 (0 for a stream).
    public let modificationTime: Int64
    private let owned: Bool
    private var closed = false

    /// Opens `path` for reading (`-`: standard input). Refuses a missing or unreadable path and a
    /// directory. Opening a FIFO waits for its writer, as `cat` does.
    public init(path: String) throws {
        self.path = path
        let fd: Int32
        if path == Self.standardInput {
            fd = 0
            owned = false
        } else {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw Self.openError(path, errno: errno) }
            owned = true
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let error = Self.openError(path, errno: errno)
            if owned { _ = closeDescriptor(fd) }
            throw error
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            if owned { _ = closeDescriptor(fd) }
            throw InputError(path: path, kind: .directory, reason: "it is a directory")
        }
        descriptor = fd
        isRegular = info.st_mode & S_IFMT == S_IFREG
        isTerminal = isatty(fd) != 0
        size = isRegular ? Int(info.st_size) : 0
        #if canImport(Darwin)
        modificationTime = isRegular ? Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec) : 0
        #else
        modificationTime = isRegular ? Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec) : 0
        #endif
    }

    deinit { close() }

    /// Closes the descriptor (standard input stays open); idempotent.
    public func close() {
        guard !closed else { return }
        closed = true
        if owned { _ = closeDescriptor(descriptor) }
    }

    /// The error for a failed `open`/`stat` of `path`: the system's phrase, and its kind.
    static func openError(_ path: String, errno code: Int32) -> InputError {
        let kind: InputError.Kind = code == ENOENT ? .missing : code == EACCES || code == EPERM ? .denied : .other
        return InputError(path: path, kind: kind, reason: String(cString: strerror(code)))
    }

    /// Whether `path` is a stream (pipe, FIFO, socket, character device, or `-`), found with
    /// `stat` alone: a FIFO must not be opened just to be described.
    public static func isStream(_ path: String) -> Bool {
        if path == standardInput { return true }
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        let type = info.st_mode & S_IFMT
        return type != S_IFREG && type != S_IFDIR
    }

    /// Reads up to `buffer.count` bytes (fewer only at the end); 0 at the end.
    public func read(into buffer: UnsafeMutableRawBufferPointer, offset: Int = 0) throws -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var filled = 0
        while filled < buffer.count {
            let n = LibC.read(descriptor, base + filled, buffer.count - filled)
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError(path: path, kind: .readFailed, reason: String(cString: strerror(errno)), byteOffset: offset + filled)
            }
            filled += n
        }
        return filled
    }

    /// Reads everything left into a new buffer followed by `padding` bytes of `fill`; the caller
    /// owns the buffer (`deallocate`). Returns the buffer and the byte count.
    /// - Complexity: O(bytes), amortised doubling; memory at most twice the bytes.
    public func readAll(padding: Int = 0, fill: UInt8 = 0x0A) throws -> (bytes: UnsafeMutablePointer<UInt8>, count: Int) {
        var capacity = Swift.max(1 << 16, isRegular ? size : 0)
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity + padding)
        var used = 0
        do {
            while true {
                if used == capacity {
                    let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2 + padding)
                    bigger.update(from: buffer, count: used)
                    buffer.deallocate()
                    buffer = bigger
                    capacity *= 2
                }
                let n = try read(into: UnsafeMutableRawBufferPointer(start: buffer + used, count: capacity - used), offset: used)
                if n == 0 { break }
                used += n
            }
        } catch {
            buffer.deallocate()
            throw error
        }
        (buffer + used).initialize(repeating: fill, count: padding)
        return (buffer, used)
    }

    /// Everything left, as an array.
    public func readAllBytes() throws -> [UInt8] {
        let (bytes, count) = try readAll()
        defer { bytes.deallocate() }
        return Array(UnsafeBufferPointer(start: bytes, count: count))
    }
}

// At file scope `close` is the C function, not the method above (LibC has no `close`).
private func closeDescriptor(_ fd: Int32) -> Int32 { close(fd) }

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Failures while writing an output file. Every case names the final path the user asked for.
public enum OutputError: Error, CustomStringConvertible, Equatable {
    case cannotCreate(path: String, reason: String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotCreate(path, reason):
            return "\(path): cannot create output file: \(reason) (check that the directory exists and is writable)"
        case let .writeFailed(path, reason):
            return "\(path): write failed: \(reason); nothing was written at that path (free disk space or raise the file-size limit, then retry)"
        }
    }
}

/// Writes a file atomically: bytes go to a temporary file in the same directory, which is
/// flushed, `fsync`ed and renamed over the destination only when everything succeeded.
/// On any failure the temporary file is removed, so a crash, a full disk or a file-size
/// limit never leaves a half-written output at the destination.
///
/// Writes are buffered (1 MiB); call `commit()` at the end, or `discard()` to abandon.
public final class AtomicFileWriter {
    public let path: String
    private let temporaryPath: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private let capacity = 1 << 20
    private var finished = false

    /// Creates the temporary file next to `path`.
    public init(path: String) throws {
        self.path = path
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        temporaryPath = (directory.isEmpty ? "" : directory + "/") + ".\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if fd < 0 {
            let reason = String(cString: strerror(errno))
            throw OutputError.cannotCreate(path: path, reason: reason)
        }
        buffer.reserveCapacity(capacity)
    }

    deinit { if !finished { discard() } }

    /// Appends bytes.
    public func write<S: Sequence>(_ bytes: S) throws where S.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { try flush() }
    }

    /// Appends the UTF-8 bytes of `text`.
    public func write(_ text: String) throws {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= capacity { try flush() }
    }

    /// Appends raw memory (e.g. little-endian floats).
    public func write(raw: UnsafeRawBufferPointer) throws {
        buffer.append(contentsOf: raw)
        if buffer.count >= capacity { try flush() }
    }

    private func flush() throws {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { raw in
                Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                discard()
                throw OutputError.writeFailed(path: path, reason: reason)
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Replaces bytes already written at `offset` (a header completed once its checksums are
    /// known), after flushing what is buffered.
    public func overwrite(at offset: Int, with bytes: [UInt8]) throws {
        try flush()
        let written = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress!, $0.count, off_t(offset)) }
        if written != bytes.count {
            let reason = written < 0 ? String(cString: strerror(errno)) : "short write"
            discard()
            throw OutputError.writeFailed(path: path, reason: reason)
        }
    }

    /// Flushes, syncs and renames the temporary file onto `path`.
    public func commit() throws {
        precondition(!finished, "AtomicFileWriter: commit after finish")
        try flush()
        if fsync(fd) != 0 {
            let reason = String(cString: strerror(errno))
            discard()
            throw OutputError.writeFailed(path: path, reason: reason)
        }
        close(fd)
        fd = -1
        if rename(temporaryPath, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            finished = true
            throw OutputError.writeFailed(path: path, reason: reason)
        }
        finished = true
    }

    /// Abandons the file: closes and removes the temporary file.
    public func discard() {
        guard !finished else { return }
        if fd >= 0 { close(fd); fd = -1 }
        unlink(temporaryPath)
        finished = true
    }
}

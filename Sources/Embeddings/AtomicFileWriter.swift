#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Kernels

/// Failures while writing an output file. Every case names the final path the user asked for.
public enum OutputError: Error, CustomStringConvertible, Equatable {
    case cannotCreate(path: String, reason: String)
    case writeFailed(path: String, reason: String)
    /// The path names something an output cannot go to (a directory, a socket...).
    case refused(path: String, reason: String)
    /// A write through a FIFO, device or standard output failed (what was sent stays sent).
    case streamFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .cannotCreate(path, reason):
            return "\(path): cannot create output file: \(reason) (check that the directory exists and is writable)"
        case let .writeFailed(path, reason):
            return "\(path): write failed: \(reason); nothing was written at that path (free disk space or raise the file-size limit, then retry)"
        case let .refused(path, reason):
            return "\(path): cannot write there: \(reason)"
        case let .streamFailed(path, reason):
            return "\(path): write failed: \(reason); the output is incomplete (check the reader of the pipe or the device, then retry)"
        }
    }
}

/// Writes an output file by the project's output-path policy (docs/paths.md, `OutputTarget`):
/// a regular file (new or existing, or the target of a symbolic link) is written atomically:
/// bytes go to a temporary file in the same directory, which is flushed, `fsync`ed and renamed
/// over the destination only when everything succeeded. On any failure the temporary file is
/// removed, so a crash, a full disk or a file-size limit never leaves a half-written output at
/// the destination. A FIFO, a character device, `-` or `/dev/stdout` (any `/dev/fd/N`) is
/// written through, never replaced; anything else is refused before a byte is written.
///
/// Writes are buffered (1 MiB); call `commit()` at the end, or `discard()` to abandon.
public final class AtomicFileWriter {
    public let path: String
    /// The temporary file renamed over the destination on commit; nil when writing through.
    private let temporaryPath: String?
    /// Where the temporary file goes on commit (the resolved target of a symbolic link).
    private let finalPath: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    private let capacity = 1 << 20
    private var finished = false

    /// Creates the temporary file next to the destination, or opens the stream written through.
    public init(path: String) throws {
        self.path = path
        switch try OutputTarget(path: path) {
        case let .replace(destination):
            finalPath = destination
            let temporary = OutputTarget.temporaryPath(for: destination)
            temporaryPath = temporary
            fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        case let .stream(device):
            finalPath = device
            temporaryPath = nil
            fd = open(device, O_WRONLY | O_CLOEXEC)
        case let .descriptor(number):
            finalPath = path
            temporaryPath = nil
            fd = dup(number == 1 ? OutputTarget.standardOutputDescriptor : number)
        }
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
                LibC.write(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                let streaming = temporaryPath == nil
                discard()
                throw streaming ? OutputError.streamFailed(path: path, reason: reason) : OutputError.writeFailed(path: path, reason: reason)
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, syncs and renames the temporary file onto the destination (a stream is flushed
    /// and closed).
    public func commit() throws {
        precondition(!finished, "AtomicFileWriter: commit after finish")
        try flush()
        guard let temporaryPath else {
            close(fd)
            fd = -1
            finished = true
            return
        }
        if fsync(fd) != 0 {
            let reason = String(cString: strerror(errno))
            discard()
            throw OutputError.writeFailed(path: path, reason: reason)
        }
        close(fd)
        fd = -1
        if rename(temporaryPath, finalPath) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            finished = true
            throw OutputError.writeFailed(path: path, reason: reason)
        }
        finished = true
    }

    /// Abandons the file: closes and removes the temporary file (what went down a stream stays).
    public func discard() {
        guard !finished else { return }
        if fd >= 0 { close(fd); fd = -1 }
        if let temporaryPath { unlink(temporaryPath) }
        finished = true
    }
}

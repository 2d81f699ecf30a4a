#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Kernels

/// One input of a corpus as it stood when it was read: path, size, modification time and
/// a fingerprint, so that a resumed run can refuse a file that changed since.
///
/// The fingerprint is the CRC-32 of the file's first and last 64 KiB (with the size and
/// time it catches edits, replacements and appends without reading the whole file again).
/// Standard input (`-`) has no size, time or fingerprint: it cannot be read twice.
public struct SourceFile: Sendable, Equatable {
    /// The path that means standard input.
    public static let standardInput = "-"
    /// Bytes hashed at each end of the file for the fingerprint.
    static let fingerprintSpan = 64 << 10

    public var path: String
    /// Size in bytes as stored (compressed size for `.gz`); for standard input, the bytes read.
    public var byteCount: Int
    /// Modification time, nanoseconds since 1970 (0 for standard input).
    public var modificationTime: Int64
    /// CRC-32 of the first and last `fingerprintSpan` bytes (0 for standard input).
    public var fingerprint: UInt32
    /// Standard input, a pipe, a FIFO or a device: read once, in order, never again.
    public var isStream: Bool

    public init(path: String, byteCount: Int, modificationTime: Int64, fingerprint: UInt32, isStream: Bool = false) {
        self.path = path
        self.byteCount = byteCount
        self.modificationTime = modificationTime
        self.fingerprint = fingerprint
        self.isStream = isStream || path == Self.standardInput
    }

    public var isStandardInput: Bool { path == Self.standardInput }
    /// Read through the gzip decoder (the name ends in `.gz`).
    public var isGzip: Bool { path.hasSuffix(".gz") }

    /// "standard input" for `-`, else the path.
    public static func displayName(_ path: String) -> String {
        path == standardInput ? "standard input" : path
    }

    /// Describes the file at `path` as it is now. A stream (`-`, a pipe such as `<(zcat c.gz)`,
    /// a FIFO, a device) is neither opened nor read here: it has no size, time or fingerprint,
    /// and opening a FIFO twice would wait for a second writer.
    /// - Complexity: O(1) reads of at most 128 KiB.
    public static func describe(_ path: String) throws -> SourceFile {
        if InputFile.isStream(path) { return SourceFile(path: path, byteCount: 0, modificationTime: 0, fingerprint: 0, isStream: true) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CorpusError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw CorpusError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        if info.st_mode & S_IFMT == S_IFDIR { throw CorpusError.isDirectory(path: path) }
        let size = Int(info.st_size)
        #if canImport(Darwin)
        let time = Int64(info.st_mtimespec.tv_sec) * 1_000_000_000 + Int64(info.st_mtimespec.tv_nsec)
        #else
        let time = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        #endif
        var crc = CRC32()
        let span = fingerprintSpan
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 2 * span, alignment: 16)
        defer { buffer.deallocate() }
        for offset in size > 2 * span ? [0, size - span] : [0] {
            let n = pread(fd, buffer.baseAddress, size > 2 * span ? span : size, off_t(offset))
            guard n >= 0 else { throw CorpusError.readFailed(path: path, byteOffset: offset, reason: String(cString: strerror(errno))) }
            crc.update(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
        }
        return SourceFile(path: path, byteCount: size, modificationTime: time, fingerprint: crc.value)
    }

    /// What differs between `self` (recorded) and `now`, or nil when they match.
    public func change(to now: SourceFile) -> String? {
        if byteCount != now.byteCount { return "it had \(byteCount) bytes and now has \(now.byteCount)" }
        if fingerprint != now.fingerprint { return "its contents changed (fingerprint \(fingerprint) -> \(now.fingerprint))" }
        if modificationTime != now.modificationTime { return "its modification time changed" }
        return nil
    }
}

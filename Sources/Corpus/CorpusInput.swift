#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a corpus is read from: files, `.gz` files, directories and standard input (`-`),
/// in the order given. A directory contributes its regular files in byte-wise sorted name
/// order (hidden files included), and those of its subdirectories too when `recursive`.
/// Each file ends a sentence: the files are read as if a newline separated them.
public struct CorpusInput: Sendable, Equatable {
    public var paths: [String]
    public var recursive: Bool

    public init(paths: [String], recursive: Bool = false) {
        self.paths = paths
        self.recursive = recursive
    }

    /// The files to read, in order, each described as it is now (`SourceFile.describe`).
    /// Refuses a missing or unreadable path, a directory without a regular file, and
    /// standard input named twice.
    /// - Complexity: O(files) stat calls and fingerprints.
    public func files() throws -> [SourceFile] {
        var result: [SourceFile] = []
        var sawStandardInput = false
        for path in paths {
            if path == SourceFile.standardInput {
                guard !sawStandardInput else {
                    throw CorpusError.cannotOpen(path: "standard input", reason: "'-' is given twice; standard input can be read only once")
                }
                sawStandardInput = true
                result.append(try SourceFile.describe(path))
                continue
            }
            var info = stat()
            guard stat(path, &info) == 0 else {
                throw CorpusError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
            }
            if info.st_mode & S_IFMT == S_IFDIR {
                let found = try Self.regularFiles(in: path, recursive: recursive)
                guard !found.isEmpty else { throw CorpusError.noFiles(directory: path, recursive: recursive) }
                result += try found.map(SourceFile.describe)
            } else {
                result.append(try SourceFile.describe(path))
            }
        }
        return result
    }

    /// Regular files under `directory` (following symbolic links), sorted by name bytes;
    /// subdirectories are entered after the files of their level... in name order when
    /// `recursive`, skipped otherwise.
    static func regularFiles(in directory: String, recursive: Bool) throws -> [String] {
        guard let dir = opendir(directory) else {
            throw CorpusError.cannotOpen(path: directory, reason: String(cString: strerror(errno)))
        }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        closedir(dir)
        names.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var files: [String] = []
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        for name in names {
            let path = prefix + name
            var info = stat()
            guard stat(path, &info) == 0 else { continue } // a dangling link
            switch info.st_mode & S_IFMT {
            case S_IFREG: files.append(path)
            case S_IFDIR where recursive: files += try regularFiles(in: path, recursive: true)
            default: continue
            }
        }
        return files
    }
}

/// The files of a `CorpusInput` read one after the other, with a newline between two
/// files so that each ends a sentence; `.gz` files go through `GzipByteSource`. Files are
/// opened one at a time, when reading reaches them.
final class ConcatenatedByteSource: ByteSource {
    private let files: [SourceFile]
    private var index = -1
    private var current: (any ByteSource)?
    private var finishedBytes = 0
    private var pendingNewline = false
    /// Bytes read from standard input, once it is done.
    private(set) var standardInputBytes = 0

    let totalBytes: Int
    var position: Int { finishedBytes + (current?.position ?? 0) }

    init(files: [SourceFile]) {
        self.files = files
        totalBytes = files.reduce(0) { $0 + $1.byteCount }
    }

    /// Opens one file: plain or gzip by its name.
    static func open(_ file: SourceFile) throws -> any ByteSource {
        let raw = try FileByteSource(path: file.path)
        return file.isGzip ? GzipByteSource(path: file.path, file: raw) : raw
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        var filled = 0
        while filled < buffer.count {
            if pendingNewline {
                base.storeBytes(of: 10, toByteOffset: filled, as: UInt8.self)
                filled += 1
                pendingNewline = false
                continue
            }
            if current == nil {
                index += 1
                guard index < files.count else { break }
                current = try Self.open(files[index])
            }
            let n = try current!.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            filled += n
            if n == 0 {
                if files[index].isStandardInput { standardInputBytes = current!.position }
                finishedBytes += files[index].isStandardInput ? 0 : files[index].byteCount
                current = nil
                pendingNewline = index + 1 < files.count
            }
        }
        return filled
    }
}

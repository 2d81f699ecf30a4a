#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Where a write to an output path goes: the project's one output-path policy (docs/paths.md),
/// applied by `AtomicFileWriter` and by the command line's checks before any work.
///
/// - A new or regular file is replaced atomically (temporary file + `rename`), as gensim's
///   `utils.open` with `smart_open` and fastText's `-output` do not, so an interrupted run never
///   leaves half a file.
/// - A symbolic link is followed (also when it dangles): its target is written atomically and
///   the link stays a link.
/// - `-`, `/dev/stdout`, `/dev/stderr`, `/dev/fd/N` and `/proc/self/fd/N` are the process's
///   descriptors, written through (`tee`'s and `dd`'s behaviour); `-` is standard output.
/// - A FIFO or a character device (`/dev/null`, a terminal) is opened and written through,
///   never renamed over: a rename would replace the node by a plain file.
/// - Anything else (a directory, a socket, a block device) is refused with one line.
public enum OutputTarget: Equatable, Sendable {
    /// Written atomically at this path (the resolved target when the path was a link).
    case replace(String)
    /// A FIFO or character device at this path, opened and written through.
    case stream(String)
    /// An open descriptor of the process, written through (1 for `-` and `/dev/stdout`).
    case descriptor(Int32)

    /// The path that means standard output.
    public static let standardOutput = "-"

    /// Classifies `path` (following symbolic links) or refuses it with a reason.
    /// - Complexity: one `lstat` per link followed (at most 40, the kernel's own limit).
    public init(path: String) throws {
        if let number = Self.descriptorNumber(path) {
            self = .descriptor(number)
            return
        }
        var current = path
        for _ in 0..<40 {
            var info = stat()
            guard lstat(current, &info) == 0 else {
                // Missing (or in an unreadable directory): created atomically, or refused then.
                self = .replace(current)
                return
            }
            switch info.st_mode & S_IFMT {
            case S_IFLNK:
                current = Self.linkTarget(current)
                if let number = Self.descriptorNumber(current) {
                    self = .descriptor(number)
                    return
                }
            case S_IFREG:
                self = .replace(current)
                return
            case S_IFIFO, S_IFCHR:
                self = .stream(current)
                return
            case S_IFDIR:
                throw OutputError.refused(path: path, reason: "it is a directory; give a file name")
            default:
                let kind = info.st_mode & S_IFMT == S_IFSOCK ? "a socket" : info.st_mode & S_IFMT == S_IFBLK ? "a block device" : "not a regular file"
                throw OutputError.refused(path: path, reason: "it is \(kind); outputs go to regular files, FIFOs, character devices or - (standard output)")
            }
        }
        throw OutputError.refused(path: path, reason: "too many levels of symbolic links")
    }

    /// The descriptor that `path` names, if it names one: `-` and `/dev/stdout` 1,
    /// `/dev/stderr` 2, `/dev/fd/N` and `/proc/self/fd/N` N.
    static func descriptorNumber(_ path: String) -> Int32? {
        switch path {
        case standardOutput, "/dev/stdout": return 1
        case "/dev/stderr": return 2
        default:
            for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
                if let number = Int32(path.dropFirst(prefix.count)), number >= 0 { return number }
            }
            return nil
        }
    }

    /// Where the link at `path` points, relative links resolved against its directory.
    private static func linkTarget(_ path: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n > 0 else { return path }
        let target = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if target.hasPrefix("/") { return target }
        guard let slash = path.lastIndex(of: "/") else { return target }
        return String(path[...slash]) + target
    }

    /// A fresh temporary name next to `destination` (same directory, so `rename` is atomic).
    static func temporaryPath(for destination: String) -> String {
        let slash = destination.lastIndex(of: "/")
        let directory = slash.map { String(destination[..<$0]) } ?? "."
        let name = slash.map { String(destination[destination.index(after: $0)...]) } ?? destination
        return (directory.isEmpty ? "" : directory + "/") + ".\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Checks, without writing a byte, that a write to `path` can start: a temporary file can be
    /// created next to a file to replace; a stream or descriptor is open for writing. A FIFO is
    /// not opened here (that would wait for its reader).
    public static func check(_ path: String) throws {
        switch try OutputTarget(path: path) {
        case .replace:
            try AtomicFileWriter(path: path).discard()
        case let .stream(device):
            guard access(device, W_OK) == 0 else {
                throw OutputError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
            }
        case let .descriptor(number):
            let flags = fcntl(number == 1 ? standardOutputDescriptor : number, F_GETFL)
            guard flags >= 0, flags & O_ACCMODE != O_RDONLY else {
                throw OutputError.cannotCreate(path: path, reason: "descriptor \(number) is not open for writing")
            }
        }
    }

    /// Creates the output directory `path` if it does not exist; refuses a path that exists
    /// and is not a directory (a directory of outputs, such as the projector's).
    public static func prepareDirectory(_ path: String) throws {
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw OutputError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
            throw OutputError.refused(path: path, reason: "it exists and is not a directory; give a directory, or a new name")
        }
    }

    // MARK: Standard output as a data stream

    private static let claimed = Mutex<Int32>(1)

    /// The descriptor a write to `-` goes to: 1, or the copy `claimStandardOutput` made.
    public static var standardOutputDescriptor: Int32 { claimed.withLock { $0 } }

    /// Keeps standard output for data: writes to `-` go to a copy of descriptor 1, and
    /// descriptor 1 itself is pointed at standard error, so that the messages a command prints
    /// (`print`) do not mix with the data. Idempotent; `releaseStandardOutput` undoes it.
    public static func claimStandardOutput() {
        claimed.withLock { descriptor in
            guard descriptor == 1 else { return }
            fflush(nil)
            let copy = dup(1)
            guard copy >= 0 else { return }
            dup2(2, 1)
            descriptor = copy
        }
    }

    /// Gives descriptor 1 back its original file (for a caller that runs several commands).
    public static func releaseStandardOutput() {
        claimed.withLock { descriptor in
            guard descriptor != 1 else { return }
            fflush(nil)
            dup2(descriptor, 1)
            close(descriptor)
            descriptor = 1
        }
    }
}

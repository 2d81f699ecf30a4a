/// Failures while loading a corpus. Every case names the file and says what to do.
public enum CorpusError: Error, CustomStringConvertible, Equatable {
    /// `open` failed (missing file, permission denied, a path component is not a directory...).
    case cannotOpen(path: String, reason: String)
    /// The path is a directory, not a text file.
    case isDirectory(path: String)
    /// `read` failed, or the file changed between the two passes, at `byteOffset`.
    case readFailed(path: String, byteOffset: Int, reason: String)
    /// The file holds no token at all (empty, whitespace only, or all punctuation when stripping).
    case empty(path: String)
    /// No word occurs `minCount` times; `mostFrequentCount` is the best any word reached.
    case nothingReachesMinCount(path: String, minCount: Int, mostFrequentCount: Int)
    /// The temporary file for the encoded ids (`CorpusOptions.idsDirectory`) could not be
    /// created or grown (no such directory, no permission, disk full, file-size limit).
    case idsFileFailed(directory: String, reason: String)
    /// An option value no corpus could satisfy.
    case invalidOption(name: String, value: Int, reason: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            return "\(path): cannot open corpus: \(reason) (check the path and that the file is readable)"
        case let .isDirectory(path):
            return "\(path): is a directory; give the path of a text file (one sentence per line, words separated by spaces)"
        case let .readFailed(path, byteOffset, reason):
            return "\(path): read failed at byte \(byteOffset): \(reason) (check the disk or copy the file somewhere readable, then retry)"
        case let .empty(path):
            return "\(path): no words found (the file is empty or holds only whitespace, or every token was punctuation); give a text file with words separated by spaces"
        case let .nothingReachesMinCount(path, minCount, mostFrequentCount):
            return "\(path): no word occurs at least \(minCount) times (min-count \(minCount)); the most frequent word occurs \(mostFrequentCount) time\(mostFrequentCount == 1 ? "" : "s"): lower the minimum count to \(mostFrequentCount) or less, or use a larger corpus"
        case let .idsFileFailed(directory, reason):
            return "\(directory): cannot keep the encoded corpus in a temporary file there: \(reason) (free disk space, raise the file-size limit, or choose a writable directory with room for 4 bytes per token)"
        case let .invalidOption(name, value, reason):
            return "the corpus option \(name) \(reason), got \(value)"
        }
    }
}

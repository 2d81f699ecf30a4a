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
    /// A `.gz` file that does not start with the gzip magic bytes (`firstBytes` in hex).
    case notGzip(path: String, firstBytes: String)
    /// Damaged, truncated or mismatching gzip data at compressed byte `byteOffset`.
    case badGzip(path: String, byteOffset: Int, reason: String)
    /// A directory given as input holds no regular file (at any depth when `recursive`).
    case noFiles(directory: String, recursive: Bool)
    /// `-` was given but standard input is a terminal, not a pipe or a file.
    case standardInputIsTerminal
    /// A second pass was needed (counting pruned) over an input that can be read only once.
    case cannotReread(path: String, reason: String)
    /// A vocabulary file (`word count` lines) cannot be opened or read.
    case cannotOpenVocabulary(path: String, reason: String)
    /// A vocabulary file (`word count` lines) is malformed at `line`.
    case badVocabularyFile(path: String, line: Int, reason: String)

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
        case let .notGzip(path, firstBytes):
            return firstBytes.isEmpty
                ? "\(path): not a gzip file: it is empty (a .gz name is read through the gzip decoder; give the real compressed file)"
                : "\(path): not a gzip file: it starts with bytes \(firstBytes), not 1f 8b (a .gz name is read through the gzip decoder; rename a plain text file without .gz)"
        case let .badGzip(path, byteOffset, reason):
            return "\(path): bad gzip data at compressed byte \(byteOffset): \(reason) (check it with 'gzip -t', then re-create or re-download it)"
        case let .noFiles(directory, recursive):
            return "\(directory): directory holds no regular file\(recursive ? " at any depth" : " (subdirectories are read only when reading recursively)"); give a directory of text files"
        case .standardInputIsTerminal:
            return "standard input is a terminal, not text: pipe the corpus in, or give a file path instead of -"
        case let .cannotReread(path, reason):
            return "\(path): cannot be read a second time: \(reason)"
        case let .cannotOpenVocabulary(path, reason):
            return "\(path): cannot read the vocabulary file: \(reason) (give a file of 'word count' lines, as word2vec.c -save-vocab writes)"
        case let .badVocabularyFile(path, line, reason):
            return "\(path):\(line): bad vocabulary line: \(reason) (expected 'word count' per line, as word2vec.c -save-vocab writes)"
        }
    }
}

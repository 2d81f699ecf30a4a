/// Where something is in a vectors file: a 1-based line of a text file, or a 0-based row
/// and the byte offset where it starts in a binary file.
public enum FileLocation: Sendable, Equatable, CustomStringConvertible {
    case line(Int)
    case row(Int, byteOffset: Int)

    public var description: String {
        switch self {
        case let .line(line): return "line \(line)"
        case let .row(row, offset): return "row \(row) (byte offset \(offset))"
        }
    }
}

/// Everything that can go wrong while reading vectors or asking them questions. Each case
/// carries the file, the place in it and the problem, and `description` says what to do.
public enum EmbeddingsError: Error, Sendable, Equatable, CustomStringConvertible {
    // Reading a vectors file.
    case cannotOpen(path: String, reason: String)
    case emptyFile(path: String)
    /// The first line is neither a `count dimension` header nor a `word v1 v2 ...` row.
    case notVectors(path: String, reason: String)
    /// A header that cannot describe any file (zero rows, zero dimensions, more rows than bytes).
    case badHeader(path: String, header: String, reason: String)
    case wrongValueCount(path: String, at: FileLocation, word: String, expected: Int, found: Int)
    case notANumber(path: String, at: FileLocation, word: String, text: String)
    case nonFinite(path: String, at: FileLocation, word: String, text: String)
    case malformedRow(path: String, at: FileLocation, reason: String)
    /// Binary data that stops in the middle of a row.
    case truncated(path: String, at: FileLocation, reason: String)
    /// The header's row count and the rows in the file disagree.
    case rowCountMismatch(path: String, declared: Int, found: Int, at: FileLocation)

    // Queries.
    case unknownWord(word: String, suggestions: [String])
    case invalidArgument(String)

    // Evaluation and word-list files.
    case malformedListFile(path: String, line: Int, reason: String)

    // Neighbour index files.
    /// Not an index file, another version, damaged or cut short.
    case badIndexFile(path: String, reason: String)
    /// An index built from other vectors than the ones given.
    case indexMismatch(path: String, index: String, vectors: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            return "\(path): cannot read: \(reason) (check the path and its permissions)"
        case let .emptyFile(path):
            return "\(path): the file is empty; expected word2vec vectors (text or binary)"
        case let .notVectors(path, reason):
            return "\(path): not a vectors file: \(reason) (expected a 'count dimension' header line "
                + "followed by 'word v1 v2 ...' rows, word2vec binary rows, or GloVe rows without a header)"
        case let .badHeader(path, header, reason):
            return "\(path): line 1: header '\(header)' \(reason)"
        case let .wrongValueCount(path, at, word, expected, found):
            return "\(path): \(at): word '\(word)' has \(found) values, expected \(expected) "
                + "(the header or first row says \(expected)); is the file cut, or are there spaces inside words?"
        case let .notANumber(path, at, word, text):
            return "\(path): \(at): value '\(text)' of word '\(word)' is not a number"
        case let .nonFinite(path, at, word, text):
            return "\(path): \(at): value '\(text)' of word '\(word)' is NaN or infinite (or outside the 32-bit float range); "
                + "the vectors are corrupt (a diverged training run?)"
        case let .malformedRow(path, at, reason):
            return "\(path): \(at): \(reason)"
        case let .truncated(path, at, reason):
            return "\(path): \(at): truncated binary data: \(reason) (the file was cut short or the header is wrong)"
        case let .rowCountMismatch(path, declared, found, at):
            if found == 0 {
                return "\(path): \(at): the header declares \(declared) rows but no row follows it; "
                    + "the file holds only its header (write the vectors again)"
            }
            if found < declared {
                return "\(path): \(at): the header declares \(declared) rows but the file ends after \(found); "
                    + "the file is incomplete or the header is wrong (read only the first \(found) rows to use what is there)"
            }
            return "\(path): \(at): the header declares \(declared) rows but more data follows; "
                + "fix the header's row count (or read only the first \(declared) rows)"
        case let .unknownWord(word, suggestions):
            if suggestions.isEmpty { return "'\(word)' is not in the vocabulary" }
            return "'\(word)' is not in the vocabulary; closest known spellings: " + suggestions.joined(separator: ", ")
        case let .invalidArgument(message):
            return message
        case let .malformedListFile(path, line, reason):
            return "\(path): line \(line): \(reason)"
        case let .badIndexFile(path, reason):
            return "\(path): not a usable neighbour index: \(reason) (rebuild it with 'w2v index')"
        case let .indexMismatch(path, index, vectors):
            return "\(path): the index was built from other vectors (\(index)) than these (\(vectors)); "
                + "rebuild it from these vectors with 'w2v index'"
        }
    }
}

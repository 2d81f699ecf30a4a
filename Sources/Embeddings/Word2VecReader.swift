#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Kernels

/// Reads word vectors in word2vec.c's text and binary formats (also gensim's, fastText's `.vec`
/// and GloVe files, which have no header line), as gensim's `KeyedVectors.load_word2vec_format`.
///
/// - The format is detected from the bytes: a first line `count dimension` is a header; without
///   one the file is read as headerless GloVe text (dimension from the first row). After a header,
///   the first row decides: if it parses as a text row, or its bytes are all printable text, the
///   file is text; otherwise it is binary (`word`, a space, `dimension` little-endian floats, and
///   an optional newline, which gensim does not write).
/// - `limit` reads only the first `limit` rows of the file, as gensim's `limit`.
/// - Duplicate words (the same bytes: "é" in NFC and in NFD are different words, as in gensim
///   and word2vec.c, see `WordKey`): the first row wins and later rows are dropped with a warning (gensim's
///   policy), so row order (usually frequency order) is preserved for `restrict_vocab`.
/// - Any damage is an `EmbeddingsError` naming the file and the line (text) or row and byte
///   offset (binary): a header that does not match the rows, a row with the wrong number of
///   values, a value that is not a number, NaN or infinity, truncated binary data, an empty file
///   or one that is not vectors. A damaged file never yields a partial result.
///
/// The file is mapped (`FileBytes`) and parsed in place: words become `String`s, values are
/// parsed straight from the bytes by `DecimalFloatParser` into the final matrix, and the pages
/// already parsed are handed back every 4 MB.
/// - Complexity: O(file size) time. Memory: the result, 8 x rows x dimension bytes (raw and
///   unit-normalised rows) + 4 x rows (norms) + up to about 80 bytes per word (its `String`, the
///   words array and the index), plus a window of about 12 MB of the file, whatever its size.
public enum Word2VecReader {
    /// How to interpret the file.
    public enum Format: String, Sendable, Equatable {
        /// `text` and `binary` with a header, `headerless` without one, told from the bytes.
        case auto, text, binary
        /// Text rows without a header line (GloVe): a first line of two numbers is a row.
        case headerless
    }

    /// Something odd that did not stop the reading.
    public enum Warning: Sendable, Equatable, CustomStringConvertible {
        /// `word` occurs again at `at`; its first row (`firstRow`, 0-based) is kept.
        case duplicateWord(word: String, at: FileLocation, firstRow: Int)
        /// The word's bytes are not valid UTF-8; invalid bytes were replaced by U+FFFD.
        case invalidUTF8(word: String, at: FileLocation)

        public var description: String {
            switch self {
            case let .duplicateWord(word, at, firstRow):
                return "\(at): duplicate word '\(word)' ignored, keeping its first row (\(firstRow))"
            case let .invalidUTF8(word, at):
                return "\(at): word is not valid UTF-8, read as '\(word)'"
            }
        }
    }

    /// The vectors with what was learned while reading them.
    public struct ReadResult: Sendable {
        public let embeddings: Embeddings
        public let warnings: [Warning]
        /// `.text` or `.binary`: the format actually read.
        public let format: Format
        /// False for headerless (GloVe) files.
        public let hasHeader: Bool
        /// Rows read from the file, duplicates included.
        public let rowsRead: Int
    }

    /// Reads `path`, keeping only the first `limit` rows if given. Warnings (duplicate words)
    /// are dropped; use `readWithWarnings` to see them.
    public static func read(path: String, limit: Int? = nil) throws -> Embeddings {
        try readWithWarnings(path: path, limit: limit).embeddings
    }

    /// Reads `path` and reports warnings and the detected format.
    public static func readWithWarnings(path: String, limit: Int? = nil, format: Format = .auto) throws -> ReadResult {
        let file = try FileBytes(path: path)
        defer { file.release() }
        return try parse(file, path: path, limit: limit, format: format)
    }

    /// Parses vectors held in memory (the name `path` is only used in messages).
    public static func parse(_ data: [UInt8], path: String, limit: Int? = nil, format: Format = .auto) throws -> ReadResult {
        let file = FileBytes(copying: data)
        defer { file.release() }
        return try parse(file, path: path, limit: limit, format: format)
    }

    static func parse(_ file: FileBytes, path: String, limit: Int?, format: Format) throws -> ReadResult {
        if let limit, limit < 1 { throw EmbeddingsError.invalidArgument("limit must be at least 1, got \(limit)") }
        var parser = Parser(file: file, path: path)
        return try parser.run(limit: limit, format: format)
    }
}

private let space: UInt8 = 0x20, tab: UInt8 = 0x09, newline: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D

/// The parsing state over one file. Rows go straight into the final arrays: raw values,
/// unit-normalised values (computed while the row is in cache) and the word index; a
/// duplicate word's row is overwritten by the next row.
private struct Parser {
    let bytes: UnsafePointer<UInt8>
    let count: Int
    let path: String
    private let file: FileBytes
    /// Bytes before this offset have been handed back (`FileBytes.releasePages`).
    private var releasedUpTo = 0
    var words: [String] = []
    var index: [WordKey: Int] = [:]
    var warnings: [Word2VecReader.Warning] = []
    /// The result's arrays, sized for the most rows the file may hold and trimmed at the end.
    var vectors: [Float] = []
    var unitVectors: [Float] = []
    var norms: [Float] = []
    /// Pointers into those arrays while rows are read.
    var storage: RowStorage?

    init(file: FileBytes, path: String) {
        self.file = file
        // A UTF-8 byte-order mark (Windows editors write one) is not part of the header or
        // the first word; gensim would misread it, Python's 'utf-8-sig' drops it, as here.
        let bom = file.count >= 3 && file.bytes[0] == 0xEF && file.bytes[1] == 0xBB && file.bytes[2] == 0xBF ? 3 : 0
        self.bytes = file.bytes + bom
        self.count = file.count - bom
        self.path = path
    }

    /// Hands back the file's pages before `i` every 4 MB of progress: with the rows going
    /// straight into the final matrix, reading costs the matrix plus a window of the file.
    @inline(__always) mutating func releasePassedPages(_ i: Int) {
        if i &- releasedUpTo >= 4 << 20 {
            file.releasePages(before: i)
            releasedUpTo = i
        }
    }

    mutating func run(limit: Int?, format: Word2VecReader.Format) throws -> Word2VecReader.ReadResult {
        guard count > 0, !isBlank(from: 0) else { throw EmbeddingsError.emptyFile(path: path) }
        let firstLineEnd = lineEnd(from: 0)
        let header = format == .headerless ? nil : parseHeader(upTo: firstLineEnd)
        var rowsRead: Int
        var actual: Word2VecReader.Format
        let dimension: Int
        if let (declared, dim) = header {
            dimension = dim
            let headerText = text(0, Swift.min(firstLineEnd, 80))
            guard declared > 0 else { throw EmbeddingsError.badHeader(path: path, header: headerText, reason: "declares 0 rows: there are no vectors to read") }
            guard dim > 0 else { throw EmbeddingsError.badHeader(path: path, header: headerText, reason: "declares dimension 0") }
            let rows = Swift.min(declared, limit ?? declared)
            let start = Swift.min(firstLineEnd + 1, count)
            // Plausibility before any arithmetic on the header's numbers: a row of `dim` values
            // takes at least 2 x dim bytes (text) or 4 x dim (binary), so `dim <= count / 2`
            // keeps every product below (detection window, row sizes, allocation) in range.
            guard dim <= count / 2 else {
                throw EmbeddingsError.badHeader(path: path, header: headerText,
                                                reason: "does not match the rows: a row of \(dim) values cannot fit in a file of \(count) bytes")
            }
            actual = format == .auto ? detectFormat(from: start, dimension: dim) : format
            // Each text value takes at least 2 bytes, each binary row at least 2 + 4 x dim:
            // a header promising more than the file can hold is caught before allocating.
            let minimumRowBytes = actual == .binary ? 2 + 4 * dim : 2 * dim + 1
            if rows > (count - start) / minimumRowBytes + 1 {
                let possible = Swift.max(0, (count - start) / minimumRowBytes)
                throw EmbeddingsError.badHeader(
                    path: path, header: headerText,
                    reason: "does not match the rows: \(declared) rows of \(dim) values cannot fit in the \(count - start) bytes that follow "
                        + "(at most about \(possible) \(actual.rawValue) rows); the header is wrong or the file is cut short")
            }
            let binary = actual == .binary
            rowsRead = try withRowStorage(rows: rows, dimension: dim) { parser in
                binary ? try parser.readBinary(from: start, rows: rows, declared: declared, dimension: dim)
                       : try parser.readText(from: start, firstLine: 2, rows: rows, declared: declared, dimension: dim)
            }
        } else {
            if format == .binary {
                throw EmbeddingsError.notVectors(path: path, reason: "line 1 is not a 'count dimension' header, which binary files must start with")
            }
            actual = .text
            dimension = try gloveDimension(firstLineEnd: firstLineEnd)
            // Rows after the first take at least 2 x dimension + 1 bytes each (a word, then a
            // separator and a digit per value, and a newline): with the line count this bounds the
            // allocation by the file size, whatever the blank lines at the end.
            let lines = Swift.min(countLines(), 1 + (count - firstLineEnd) / (2 * dimension + 1))
            let rows = Swift.min(lines, limit ?? lines)
            let dim = dimension
            rowsRead = try withRowStorage(rows: rows, dimension: dim) { parser in
                try parser.readText(from: 0, firstLine: 1, rows: rows, declared: nil, dimension: dim)
            }
        }
        let embeddings = Embeddings(validatedWords: words, index: index, dimension: dimension,
                                    vectors: vectors, unitVectors: unitVectors, norms: norms)
        return Word2VecReader.ReadResult(embeddings: embeddings, warnings: warnings, format: actual,
                                         hasHeader: header != nil, rowsRead: rowsRead)
    }

    /// Allocates the arrays for `rows` rows, runs `body` with `storage` pointing into them,
    /// then trims them to the rows kept.
    mutating func withRowStorage(rows: Int, dimension: Int, _ body: (inout Parser) throws -> Int) throws -> Int {
        // The size-plausibility invariant: every value takes at least 2 bytes of text or 4 of
        // binary, so a file never holds more than `count` values. Callers bound `rows` so; this
        // guard keeps a future path from allocating from an unchecked count.
        guard dimension > 0, rows >= 0, rows <= count / dimension else {
            throw EmbeddingsError.notVectors(path: path, reason: "\(rows) rows of \(dimension) values cannot fit in \(count) bytes")
        }
        vectors = uninitializedFloats(rows * dimension)
        unitVectors = uninitializedFloats(rows * dimension)
        norms = uninitializedFloats(rows)
        var values = vectors, unit = unitVectors, lengths = norms
        vectors = []; unitVectors = []; norms = []  // keep each array uniquely referenced while writing
        let result = try values.withUnsafeMutableBufferPointer { v in
            try unit.withUnsafeMutableBufferPointer { u in
                try lengths.withUnsafeMutableBufferPointer { n in
                    storage = RowStorage(dimension: dimension, values: v.baseAddress!, unit: u.baseAddress!, norms: n.baseAddress!)
                    defer { storage = nil }
                    return try body(&self)
                }
            }
        }
        let kept = words.count
        values.removeLast((rows - kept) * dimension)
        unit.removeLast((rows - kept) * dimension)
        lengths.removeLast(rows - kept)
        (vectors, unitVectors, norms) = (values, unit, lengths)
        return result
    }

    // MARK: Header and format detection

    /// `count dimension` if line 1 is exactly two non-negative integers.
    func parseHeader(upTo end: Int) -> (Int, Int)? {
        var numbers: [Int] = []
        var i = 0
        while i < end {
            while i < end && isSpace(bytes[i]) { i += 1 }
            if i == end { break }
            var value = 0
            let start = i
            while i < end && bytes[i] &- 48 < 10 {
                if value > Int.max / 20 { return nil }
                value = value * 10 + Int(bytes[i] &- 48)
                i += 1
            }
            if i == start || (i < end && !isSpace(bytes[i])) { return nil }
            numbers.append(value)
        }
        return numbers.count == 2 ? (numbers[0], numbers[1]) : nil
    }

    /// Text if the first row parses as a text row or its bytes are printable text; else binary.
    func detectFormat(from start: Int, dimension: Int) -> Word2VecReader.Format {
        var i = start
        while i < count && bytes[i] == newline { i += 1 }
        while i < count && bytes[i] != space && bytes[i] != newline { i += 1 }
        guard i < count, bytes[i] == space else { return .text }
        // Work on a padded copy of the row's first bytes: the file may not end with a newline.
        let end = Swift.min(count, i + Swift.max(4 * dimension, 40 * dimension + 256))
        let window = FileBytes(copying: UnsafeBufferPointer(start: bytes + i, count: end - i))
        defer { window.release() }
        if textValueCount(window.bytes, from: 0, dimension: dimension) == dimension { return .text }
        for j in (i + 1)..<Swift.min(count, i + 1 + 4 * dimension) {
            let b = bytes[j]
            if !(b >= 0x20 && b < 0x7F) && b != tab && b != newline && b != carriageReturn { return .binary }
        }
        return .text
    }

    /// The number of values on the line from `start` if all of them parse, else -1.
    func textValueCount(_ bytes: UnsafePointer<UInt8>, from start: Int, dimension: Int) -> Int {
        var i = start
        var n = 0
        while true {
            while bytes[i] == space || bytes[i] == tab || bytes[i] == carriageReturn { i += 1 }
            if bytes[i] == newline { return n }
            guard n < dimension, let (_, end) = DecimalFloatParser.parse(bytes, at: i), isSeparator(bytes[end]) else { return -1 }
            n += 1
            i = end
        }
    }

    /// The dimension of a headerless file: the number of values on its first row.
    func gloveDimension(firstLineEnd: Int) throws -> Int {
        var i = 0
        while i < firstLineEnd && !isSpace(bytes[i]) { i += 1 }
        let word = text(0, i)
        var n = 0
        while true {
            while i < firstLineEnd && isSpace(bytes[i]) { i += 1 }
            if i >= firstLineEnd { break }
            guard let (_, end) = DecimalFloatParser.parse(bytes, at: i), isSeparator(bytes[end]) else {
                var tokenEnd = i
                while !isSeparator(bytes[tokenEnd]) { tokenEnd += 1 }
                let token = text(i, Swift.min(tokenEnd, i + 40))
                if n > 0 { throw EmbeddingsError.notANumber(path: path, at: .line(1), word: word, text: token) }
                throw EmbeddingsError.notVectors(path: path, reason: "line 1 ('\(text(0, Swift.min(firstLineEnd, 60)))') is neither a "
                    + "'count dimension' header nor a row of numbers ('\(token)' is not a number)")
            }
            n += 1
            i = end
        }
        if n == 0 {
            throw EmbeddingsError.notVectors(path: path, reason: "line 1 ('\(text(0, Swift.min(firstLineEnd, 60)))') has no values")
        }
        return n
    }

    // MARK: Text rows

    /// Reads `rows` text rows starting at byte `start` (line `firstLine`). With a header
    /// (`declared` rows), a file that ends early or has more rows is an error; without one,
    /// reading stops quietly at trailing blank lines. Returns the rows read from the file.
    mutating func readText(from start: Int, firstLine: Int, rows: Int, declared: Int?, dimension dim: Int) throws -> Int {
        words.reserveCapacity(rows)
        index.reserveCapacity(rows)
        var i = start
        var line = firstLine
        var fileRow = 0
        let values = storage!.values
        while fileRow < rows {
            if i >= count || (bytes[i] == newline || bytes[i] == carriageReturn) && isBlank(from: i) {
                guard let declared else { break }
                throw EmbeddingsError.rowCountMismatch(path: path, declared: declared, found: fileRow, at: .line(line))
            }
            let wordStart = i
            while !isSeparator(bytes[i]) { i += 1 }
            if i == wordStart {
                let reason = bytes[i] == newline || bytes[i] == carriageReturn
                    ? "empty line between rows" : "the line starts with a space, so its word is empty"
                throw EmbeddingsError.malformedRow(path: path, at: .line(line), reason: reason)
            }
            let word = makeWord(wordStart, i, at: .line(line))
            var n = 0
            let base = values + words.count * dim
            while true {
                while bytes[i] == space || bytes[i] == tab || bytes[i] == carriageReturn { i += 1 }
                if bytes[i] == newline { break }
                guard n < dim else {
                    throw EmbeddingsError.wrongValueCount(path: path, at: .line(line), word: word, expected: dim,
                                                          found: textTokenCount(from: i) + n)
                }
                guard let (value, end) = DecimalFloatParser.parse(bytes, at: i), isSeparator(bytes[end]) else {
                    throw valueError(from: i, word: word, at: .line(line))
                }
                guard value.isFinite else {
                    throw EmbeddingsError.nonFinite(path: path, at: .line(line), word: word, text: text(i, end))
                }
                base[n] = value
                n += 1
                i = end
            }
            if n != dim {
                throw EmbeddingsError.wrongValueCount(path: path, at: .line(line), word: word, expected: dim, found: n)
            }
            addRow(word, at: .line(line))
            i += 1
            line += 1
            fileRow += 1
            releasePassedPages(i)
        }
        if let declared, rows == declared, i < count, !isBlank(from: i) {
            throw EmbeddingsError.rowCountMismatch(path: path, declared: declared, found: declared + 1, at: .line(line))
        }
        return fileRow
    }

    /// Tokens left on the line from `i` (for a "too many values" message).
    func textTokenCount(from start: Int) -> Int {
        var i = start
        var n = 0
        while bytes[i] != newline {
            while bytes[i] == space || bytes[i] == tab || bytes[i] == carriageReturn { i += 1 }
            if bytes[i] == newline { break }
            n += 1
            while !isSeparator(bytes[i]) { i += 1 }
        }
        return n
    }

    /// The error for a token at `i` that is not a finite number.
    func valueError(from i: Int, word: String, at location: FileLocation) -> EmbeddingsError {
        var end = i
        while !isSeparator(bytes[end]) { end += 1 }
        let token = text(i, Swift.min(end, i + 40))
        var lowered = token.lowercased()
        if lowered.hasPrefix("-") || lowered.hasPrefix("+") { lowered.removeFirst() }
        if ["nan", "inf", "infinity"].contains(lowered) || lowered.hasPrefix("nan(") {
            return .nonFinite(path: path, at: location, word: word, text: token)
        }
        return .notANumber(path: path, at: location, word: word, text: token)
    }

    // MARK: Binary rows

    /// Reads `rows` binary rows from byte `start`, with explicit bounds checks (no sentinel).
    mutating func readBinary(from start: Int, rows: Int, declared: Int, dimension dim: Int) throws -> Int {
        words.reserveCapacity(rows)
        index.reserveCapacity(rows)
        let rowBytes = 4 * dim
        let values = storage!.values
        var i = start
        var fileRow = 0
        while fileRow < rows {
            // word2vec.c writes a newline after each row; a file that went through a Windows
            // tool has CRLF there (and after the header).
            while i < count && (bytes[i] == newline || bytes[i] == carriageReturn) { i += 1 }
            let rowStart = i
            let location = FileLocation.row(fileRow, byteOffset: rowStart)
            guard i < count else {
                throw EmbeddingsError.rowCountMismatch(path: path, declared: declared, found: fileRow, at: location)
            }
            while i < count && bytes[i] != space { i += 1 }
            // A word never holds a control byte; one here means the previous row's floats did not
            // end where they should: that row's word held a space (which binary files cannot
            // store), or the header's dimension is wrong.
            if let control = (rowStart..<i).first(where: { bytes[$0] < 0x20 && bytes[$0] != tab }) {
                throw EmbeddingsError.malformedRow(path: path, at: location,
                    reason: "the word holds control byte 0x\(String(bytes[control], radix: 16)): the rows are out of step, "
                        + (fileRow > 0 ? "probably because the word of row \(fileRow - 1) holds a space (binary files cannot store one) or " : "")
                        + "because the header's dimension \(dim) is wrong")
            }
            guard i < count else {
                throw EmbeddingsError.truncated(path: path, at: location, reason: "the file ends inside a word (no space before the \(dim) floats)")
            }
            if i == rowStart {
                throw EmbeddingsError.malformedRow(path: path, at: location, reason: "empty word (a space where a word should start)")
            }
            let word = makeWord(rowStart, i, at: location)
            i += 1
            guard count - i >= rowBytes else {
                throw EmbeddingsError.truncated(path: path, at: location,
                                                reason: "word '\(word)' needs \(rowBytes) bytes of floats but only \(count - i) remain")
            }
            let destination = values + words.count * dim
            UnsafeMutableRawPointer(destination).copyMemory(from: bytes + i, byteCount: rowBytes)
            var finite = true
            for k in 0..<dim {
                #if _endian(big)
                destination[k] = Float(bitPattern: UInt32(littleEndian: destination[k].bitPattern))
                #endif
                finite = finite && destination[k].isFinite
            }
            if !finite {
                let k = (0..<dim).first { !destination[$0].isFinite }!
                throw EmbeddingsError.nonFinite(path: path, at: location, word: word, text: "\(destination[k]) (value \(k + 1) of \(dim))")
            }
            addRow(word, at: location)
            i += rowBytes
            fileRow += 1
            releasePassedPages(i)
        }
        if rows == declared, i < count, !isBlank(from: i) {
            throw EmbeddingsError.rowCountMismatch(path: path, declared: declared, found: declared + 1, at: .row(rows, byteOffset: i))
        }
        return fileRow
    }

    // MARK: Rows, words, duplicates

    /// Keeps the row just written at slot `words.count` unless `word` is a duplicate (first row
    /// wins, as gensim; the slot is then reused by the next row).
    mutating func addRow(_ word: String, at location: FileLocation) {
        let row = words.count
        if let first = index.updateValue(row, forKey: WordKey(word)) {
            index[WordKey(word)] = first
            warnings.append(.duplicateWord(word: word, at: location, firstRow: first))
            return
        }
        words.append(word)
        storage!.normalize(row: row)
    }

    mutating func makeWord(_ start: Int, _ end: Int, at location: FileLocation) -> String {
        let buffer = UnsafeBufferPointer(start: bytes + start, count: end - start)
        let word = String(decoding: buffer, as: UTF8.self)
        // Decoding replaces invalid bytes with U+FFFD, which changes the bytes.
        if buffer.allSatisfy({ $0 < 0x80 }) || word.utf8.elementsEqual(buffer) { return word }
        warnings.append(.invalidUTF8(word: word, at: location))
        return word
    }

    // MARK: Helpers

    /// The index of the first newline from `start`, or `count`.
    func lineEnd(from start: Int) -> Int {
        var i = start
        while i < count && bytes[i] != newline { i += 1 }
        return i
    }

    /// Lines holding something, for headerless files (an upper bound on their rows).
    func countLines() -> Int {
        var lines = 0
        for chunk in stride(from: 0, to: count, by: 4 << 20) {
            for i in chunk..<Swift.min(count, chunk + 4 << 20) where bytes[i] == newline { lines += 1 }
            file.releasePages(before: chunk)
        }
        if bytes[count - 1] != newline { lines += 1 }
        return lines
    }

    func isBlank(from start: Int) -> Bool {
        var i = start
        while i < count {
            let b = bytes[i]
            if b != space && b != tab && b != newline && b != carriageReturn { return false }
            i += 1
        }
        return true
    }

    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: bytes + start, count: Swift.max(0, end - start)), as: UTF8.self)
    }

    @inline(__always) func isSpace(_ b: UInt8) -> Bool { b == space || b == tab || b == carriageReturn }
    @inline(__always) func isSeparator(_ b: UInt8) -> Bool { b == space || b == tab || b == newline || b == carriageReturn }
}

/// Where rows are written: pointers into the result's arrays.
private struct RowStorage {
    let dimension: Int
    let values: UnsafeMutablePointer<Float>
    let unit: UnsafeMutablePointer<Float>
    let norms: UnsafeMutablePointer<Float>

    /// Unit row and norm of `row`, by the kernel `Embeddings.init(words:dimension:vectors:)`
    /// uses, so both paths give identical values.
    func normalize(row: Int) {
        norms[row] = VectorKernels.normalize(values + row * dimension, into: unit + row * dimension, count: dimension)
    }
}

/// An array of `count` floats whose elements are all written by the reader before anything
/// reads them (no zero-filling pass); large blocks are advised onto huge pages.
private func uninitializedFloats(_ count: Int) -> [Float] {
    [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
        if let base = buffer.baseAddress { adviseHugePages(UnsafeMutableRawPointer(base), bytes: count * 4) }
        initialized = count
    }
}

/// `madvise(MADV_HUGEPAGE)` on the whole pages inside a large, untouched block.
private func adviseHugePages(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
    #if os(Linux)
    guard bytes >= 4 << 20 else { return }
    let page = 4096
    let start = (Int(bitPattern: pointer) + page - 1) & ~(page - 1)
    let end = (Int(bitPattern: pointer) + bytes) & ~(page - 1)
    if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, 14 /* MADV_HUGEPAGE */) }
    #endif
}

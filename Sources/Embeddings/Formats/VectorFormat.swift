import Foundation

/// Every file format vectors can be written in (and read from). Each case has ONE file under
/// `Sources/Embeddings/Formats/` holding its reader and writer, a type conforming to
/// `VectorFileFormat`; this enum only names the cases and dispatches to them. Adding a format
/// is one new file and one case here (with its line in `codec`).
public enum VectorFormat: String, CaseIterable, Sendable {
    /// word2vec.c text (`-binary 0`): `count dimension` header, `word v1 ... vd` rows. gensim's
    /// `save_word2vec_format` and fastText's `.vec` files are the same format.
    case word2vecText = "text"
    /// word2vec.c binary (`-binary 1`): the same header, then `word`, a space, `dimension`
    /// little-endian float32 values per row.
    case word2vecBinary = "binary"
    /// GloVe's text files: `word v1 ... vd` rows without a header line.
    case glove
    /// TensorFlow's Embedding Projector (projector.tensorflow.org): PATH is a directory that
    /// receives `vectors.tsv` (tab-separated rows) and `metadata.tsv` (the words).
    case projector
    /// NumPy: a `count x dimension` float32 matrix in PATH (`np.load`), the words one per line
    /// (UTF-8) in a companion `.words.txt` file.
    case npy
    /// The memory-mapped `.w2vm` file (docs/mapped-format.md): opened with `mmap`, nothing parsed.
    case mapped
    /// fastText 0.9's model file: vocabulary, n-gram bucket rows and output matrix; read, it
    /// gives a vector to any word (`VectorFile.model`).
    case fastTextBinary = "fasttext-bin"

    /// The type that reads and writes this format.
    var codec: any VectorFileFormat.Type {
        switch self {
        case .word2vecText: return Word2VecTextFormat.self
        case .word2vecBinary: return Word2VecBinaryFormat.self
        case .glove: return GloVeFormat.self
        case .projector: return ProjectorFormat.self
        case .npy: return NpyFormat.self
        case .mapped: return MappedVectorsFormat.self
        case .fastTextBinary: return FastTextBinaryFormat.self
        }
    }

    /// One line for help texts.
    public var summary: String { codec.summary }

    /// Every file a write to `path` creates: `path` itself, then any companion file (for the
    /// projector, whose `path` is a directory, the two files inside it).
    public func files(for path: String) -> [String] { codec.files(for: path) }

    /// Makes what a write to `path` needs besides writable files (the projector's directory).
    public func prepareOutput(_ path: String) throws { try codec.prepareOutput(path) }

    /// Writes `words.count` rows that `fill(row, buffer)` supplies one at a time into a
    /// `dimension`-float buffer, so that a trainer or a checkpoint can export without first
    /// building a second full copy of its matrix. Every file is written atomically.
    /// - Complexity: O(count x dimension) time, O(dimension) extra memory.
    ///
    /// Writes only what the readers accept: a word the format cannot store (empty, or holding
    /// a separator such as a space or a line break) or a row with NaN or infinity (a diverged
    /// checkpoint) is refused before anything is written, naming the row.
    public func write(words: [String], dimension: Int, to path: String,
                      fill: (Int, UnsafeMutableBufferPointer<Float>) -> Void) throws {
        try checkWritable(words: words, dimension: dimension, fill: fill)
        try codec.write(words: words, dimension: dimension, to: path, fill: fill)
    }

    /// Refuses rows this format's reader would refuse (one pass of `fill`, O(count x dimension)).
    func checkWritable(words: [String], dimension: Int, fill: (Int, UnsafeMutableBufferPointer<Float>) -> Void) throws {
        let forbidden = codec.forbiddenWordBytes
        for (row, word) in words.enumerated() {
            if word.isEmpty || word.utf8.contains(where: forbidden.contains) {
                let what = word.isEmpty ? "is empty" : "holds a space, tab or line break"
                throw EmbeddingsError.invalidArgument("row \(row): the word \(word.debugDescription) \(what), which the \(rawValue) format cannot store (its readers would misread every later row); nothing was written")
            }
        }
        var values = [Float](repeating: 0, count: dimension)
        try values.withUnsafeMutableBufferPointer { buffer in
            for row in words.indices {
                fill(row, buffer)
                if let bad = buffer.first(where: { !$0.isFinite }) {
                    throw EmbeddingsError.invalidArgument("row \(row) ('\(words[row])') holds \(bad), which no vectors reader accepts (the training diverged?); nothing was written")
                }
            }
        }
    }

    /// Writes `embeddings` (its raw, not unit-length, rows).
    public func write(_ embeddings: Embeddings, to path: String) throws {
        try write(words: Array(embeddings.words), dimension: embeddings.dimension, to: path) { row, destination in
            _ = destination.update(fromContentsOf: embeddings.vectors.row(row))
        }
    }

    /// Reads `path` in this format, keeping only the first `limit` rows if given.
    public func read(path: String, limit: Int? = nil) throws -> VectorFile {
        try codec.read(path: path, limit: limit)
    }

    /// Reads `path`, recognising the format from its bytes: the mapped, NumPy or fastText magic, else
    /// word2vec text or binary, or GloVe text without a header (see `Word2VecReader`).
    /// The path is opened once and the format recognised from the bytes read, so a pipe
    /// (`<(cat v.txt)`) or a FIFO reads as a file does. The projector's TSV has no words in it,
    /// so it is read only when asked for by name.
    public static func read(path: String, limit: Int? = nil) throws -> VectorFile {
        let file = try FileBytes(path: path)
        defer { file.release() }
        // A mapped file is only recognised here; it is mapped again, shared, by its own reader.
        if MappedVectorsFormat.hasMagic(file) { return try MappedVectorsFormat.read(path: path, limit: limit) }
        if NpyFormat.hasMagic(file) { return try NpyFormat.read(file, path: path, limit: limit) }
        if FastTextBinaryFormat.hasMagic(file) { return try FastTextBinaryFormat.read(file, path: path, limit: limit) }
        return VectorFile(try Word2VecReader.parse(file, path: path, limit: limit, format: .auto))
    }
}

/// Vectors read from a file, with what was learned while reading them.
public struct VectorFile: Sendable {
    public let embeddings: Embeddings
    /// Odd things that did not stop the reading (duplicate words, invalid UTF-8).
    public let warnings: [Word2VecReader.Warning]
    /// The format actually read.
    public let format: VectorFormat
    /// The whole model, when the file was a fastText `.bin`: vectors for words `embeddings` lacks.
    public let model: FastTextModel?

    public init(embeddings: Embeddings, warnings: [Word2VecReader.Warning], format: VectorFormat, model: FastTextModel? = nil) {
        self.embeddings = embeddings
        self.warnings = warnings
        self.format = format
        self.model = model
    }

    /// The result of `Word2VecReader`, whose formats are text (with or without header) or binary.
    init(_ result: Word2VecReader.ReadResult) {
        let format: VectorFormat = result.format == .binary ? .word2vecBinary : (result.hasHeader ? .word2vecText : .glove)
        self.init(embeddings: result.embeddings, warnings: result.warnings, format: format)
    }
}

/// What each format's file implements: a writer fed one row at a time, and a reader.
protocol VectorFileFormat {
    /// One line for help texts.
    static var summary: String { get }
    /// Files written beside `path` (e.g. the words of a NumPy matrix); none by default.
    static func companions(of path: String) -> [String]
    /// Every file a write to `path` creates; `[path] + companions(of: path)` by default.
    static func files(for path: String) -> [String]
    /// Creates what a write to `path` needs (a directory); nothing by default.
    static func prepareOutput(_ path: String) throws
    /// Bytes a word may not hold, because the reader splits on them (default: whitespace).
    static var forbiddenWordBytes: Set<UInt8> { get }
    static func write(words: [String], dimension: Int, to path: String,
                      fill: (Int, UnsafeMutableBufferPointer<Float>) -> Void) throws
    static func read(path: String, limit: Int?) throws -> VectorFile
}

extension VectorFileFormat {
    static func companions(of path: String) -> [String] { [] }
    static func files(for path: String) -> [String] { [path] + companions(of: path) }
    static func prepareOutput(_ path: String) throws {}
    static var forbiddenWordBytes: Set<UInt8> { [0x20, 0x09, 0x0A, 0x0D] }

    /// Runs `body` on an `AtomicFileWriter` for `path`, committing on success and discarding
    /// the temporary file on any error.
    static func atomically(_ path: String, _ body: (AtomicFileWriter) throws -> Void) throws {
        let writer = try AtomicFileWriter(path: path)
        do {
            try body(writer)
            try writer.commit()
        } catch {
            writer.discard()
            throw error
        }
    }

    /// `path` with its extension `ext` (if present) replaced by `suffix`:
    /// `companion("v.npy", ".npy", ".words.txt") == "v.words.txt"`.
    static func companion(_ path: String, replacing ext: String, with suffix: String) -> String {
        (path.hasSuffix(ext) && path.count > ext.count ? String(path.dropLast(ext.count)) : path) + suffix
    }

    /// Writes `words` one per line, refusing a word that holds a line break (or, for
    /// tab-separated files, a tab), which would shift every later word.
    static func writeWordList(_ words: [String], to path: String, forbidTab: Bool = false) throws {
        try atomically(path) { writer in
            for (row, word) in words.enumerated() {
                if word.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || (forbidTab && $0 == 0x09) }) {
                    throw EmbeddingsError.invalidArgument("\(path): word \(row) (\(word.debugDescription)) holds a line break\(forbidTab ? " or tab" : ""), which this format cannot store")
                }
                try writer.write(word.utf8)
                try writer.write(CollectionOfOne(0x0A))
            }
        }
    }

    /// The lines of a word list written by `writeWordList` (a final line without newline counts).
    static func readWordList(_ path: String) throws -> [String] {
        let text = try FileBytes.text(path: path)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        if lines.last == "" { lines.removeLast() }
        return lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
    }
}

import Foundation

/// TensorFlow's Embedding Projector (projector.tensorflow.org, "Load"): PATH is a directory
/// (created if needed) holding `vectors.tsv`, one row per word, values separated by tabs, no
/// header, and `metadata.tsv`, the words one per line in the same order (a single column has
/// no header line). Values are written with 6 decimals, as in word2vec text. Tabs and line
/// breaks inside a word would break the format and are written as spaces. Each file is
/// written atomically.
enum ProjectorFormat: VectorFileFormat {
    static let summary = "Embedding Projector: directory PATH gets vectors.tsv + metadata.tsv"
    /// Tabs and line breaks are written as spaces.
    static var forbiddenWordBytes: Set<UInt8> { [] }
    /// The two file names inside the directory.
    static let vectorsFile = "vectors.tsv"
    static let metadataFile = "metadata.tsv"

    static func files(for path: String) -> [String] { [vectorsPath(path), metadataPath(path)] }
    static func vectorsPath(_ directory: String) -> String { directory + "/" + vectorsFile }
    static func metadataPath(_ directory: String) -> String { directory + "/" + metadataFile }

    /// Creates the directory `path` if it does not exist; refuses a path that is not one.
    static func prepareOutput(_ path: String) throws { try OutputTarget.prepareDirectory(path) }

    /// - Complexity: O(count x dimension).
    static func write(words: [String], dimension: Int, to path: String,
                      fill: (Int, UnsafeMutableBufferPointer<Float>) -> Void) throws {
        try prepareOutput(path)
        let sanitised = words.map { String($0.map { $0 == "\t" || $0.isNewline ? " " : $0 }) }
        try writeWordList(sanitised, to: metadataPath(path))
        try atomically(vectorsPath(path)) { writer in
            var line: [UInt8] = []
            var values = [Float](repeating: 0, count: dimension)
            try values.withUnsafeMutableBufferPointer { row in
                for r in 0..<words.count {
                    fill(r, row)
                    line.removeAll(keepingCapacity: true)
                    for (k, value) in row.enumerated() {
                        if k > 0 { line.append(0x09) }
                        Word2VecTextFormat.appendFixed6(value, to: &line)
                    }
                    line.append(0x0A)
                    try writer.write(line)
                }
            }
        }
    }

    /// Reads the two files back (rows of tab-separated decimals; the words from the metadata).
    static func read(path: String, limit: Int?) throws -> VectorFile {
        let words = try readWordList(metadataPath(path))
        let path = vectorsPath(path)
        var lines = try FileBytes.text(path: path).split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        guard lines.count == words.count else {
            throw EmbeddingsError.rowCountMismatch(path: path, declared: words.count, found: lines.count, at: .line(lines.count + 1))
        }
        let rows = min(lines.count, limit ?? lines.count)
        var vectors: [Float] = []
        var dimension = 0
        for (row, line) in lines.prefix(rows).enumerated() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if row == 0 { dimension = fields.count }
            guard fields.count == dimension else {
                throw EmbeddingsError.wrongValueCount(path: path, at: .line(row + 1), word: words[row], expected: dimension, found: fields.count)
            }
            for field in fields {
                let text = field.trimmingCharacters(in: .whitespaces)
                guard let value = Float(text) else { throw EmbeddingsError.notANumber(path: path, at: .line(row + 1), word: words[row], text: text) }
                guard value.isFinite else { throw EmbeddingsError.nonFinite(path: path, at: .line(row + 1), word: words[row], text: text) }
                vectors.append(value)
            }
        }
        guard dimension > 0 else { throw EmbeddingsError.emptyFile(path: path) }
        var seen: [WordKey: Int] = [:] // code points: NFC and NFD spellings are different words
        var warnings: [Word2VecReader.Warning] = []
        var keptWords: [String] = [], kept: [Float] = []
        for (row, word) in words.prefix(rows).enumerated() {
            if let first = seen[WordKey(word)] {
                warnings.append(.duplicateWord(word: word, at: .line(row + 1), firstRow: first))
                continue
            }
            seen[WordKey(word)] = keptWords.count
            keptWords.append(word)
            kept.append(contentsOf: vectors[(row * dimension)..<((row + 1) * dimension)])
        }
        return VectorFile(embeddings: Embeddings(words: keptWords, dimension: dimension, vectors: kept), warnings: warnings, format: .projector)
    }
}

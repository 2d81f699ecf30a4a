import Foundation

/// TensorFlow's Embedding Projector (projector.tensorflow.org, "Load data"): the vectors as
/// tab-separated values, one row per line and no header, in PATH; the words one per line in
/// the companion `.metadata.tsv` file (`PATH` with `.tsv` replaced; a single metadata column
/// has no header line). Values are written with 6 decimals, as in word2vec text.
enum ProjectorFormat: VectorFileFormat {
    static let summary = "Embedding Projector: tab-separated values + a .metadata.tsv file of words"

    static func companions(of path: String) -> [String] { [metadataPath(path)] }

    /// `v.tsv` -> `v.metadata.tsv`.
    static func metadataPath(_ path: String) -> String { companion(path, replacing: ".tsv", with: ".metadata.tsv") }

    static func write(words: [String], dimension: Int, to path: String,
                      fill: (Int, UnsafeMutableBufferPointer<Float>) -> Void) throws {
        try writeWordList(words, to: metadataPath(path), forbidTab: true)
        try atomically(path) { writer in
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
        var seen = Set<String>()
        var warnings: [Word2VecReader.Warning] = []
        var keptWords: [String] = [], kept: [Float] = []
        for (row, word) in words.prefix(rows).enumerated() {
            if !seen.insert(word).inserted {
                warnings.append(.duplicateWord(word: word, at: .line(row + 1), firstRow: keptWords.firstIndex(of: word) ?? 0))
                continue
            }
            keptWords.append(word)
            kept.append(contentsOf: vectors[(row * dimension)..<((row + 1) * dimension)])
        }
        return VectorFile(embeddings: Embeddings(words: keptWords, dimension: dimension, vectors: kept), warnings: warnings, format: .projector)
    }
}

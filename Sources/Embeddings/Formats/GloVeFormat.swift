/// GloVe's text format (Pennington et al. 2014, `glove.6B.100d.txt`): `word v1 ... vd` rows as
/// in word2vec text, without the `count dimension` header line. Reading is `Word2VecReader`'s,
/// told not to look for a header: a first row `5 2` is the word "5" with one value.
enum GloVeFormat: VectorFileFormat {
    static let summary = "GloVe text: 'word v1 v2 ...' rows without a header line"

    static func write(words: [String], dimension: Int, to path: String,
                      fill: (Int, UnsafeMutableBufferPointer<Float>) -> Void) throws {
        try atomically(path) { writer in
            try Word2VecTextFormat.writeRows(words: words, dimension: dimension, to: writer, fill: fill)
        }
    }

    static func read(path: String, limit: Int?) throws -> VectorFile {
        let result = try Word2VecReader.readWithWarnings(path: path, limit: limit, format: .headerless)
        return VectorFile(embeddings: result.embeddings, warnings: result.warnings, format: .glove)
    }
}

import Kernels

/// Trained word vectors as queries see them: immutable, `Sendable`, and free of any
/// training state (the output matrix, learning rate, sampler...), as gensim's `KeyedVectors`.
///
/// Rows are stored contiguously in one row-major `[Float]` (`count x dimension`), in the
/// order of the file or of the vocabulary (most frequent first for our own vectors).
/// Unit-normalised rows are computed once at construction, so that queries (cosine
/// neighbours, analogies) never renormalise per query.
public struct Embeddings: Sendable {
    /// The words, row `i` of `vectors` belongs to `words[i]`.
    public let words: [String]
    /// Vector length.
    public let dimension: Int
    /// Raw vectors, row-major, `words.count * dimension` floats.
    public let vectors: [Float]
    /// Unit-normalised copy of `vectors` (a zero row stays zero).
    public let unitVectors: [Float]
    /// Euclidean norm of each raw row.
    public let norms: [Float]
    /// Word -> row, words compared by their bytes (see `WordKey`). For duplicate words the
    /// first row wins.
    public let index: [WordKey: Int]

    /// Builds the value; `vectors.count` must be `words.count * dimension`.
    /// - Complexity: O(count x dimension).
    public init(words: [String], dimension: Int, vectors: [Float]) {
        precondition(dimension > 0 && vectors.count == words.count * dimension,
                     "Embeddings: \(vectors.count) floats do not make \(words.count) rows of \(dimension)")
        self.words = words
        self.dimension = dimension
        self.vectors = vectors
        var index = [WordKey: Int](minimumCapacity: words.count)
        for (row, word) in words.enumerated() where index[WordKey(word)] == nil { index[WordKey(word)] = row }
        self.index = index
        var norms = [Float](repeating: 0, count: words.count)
        var unit = vectors
        unit.withUnsafeMutableBufferPointer { u in
            for row in 0..<words.count {
                let base = u.baseAddress! + row * dimension
                norms[row] = VectorKernels.normalize(base, into: base, count: dimension)
            }
        }
        self.norms = norms
        self.unitVectors = unit
    }

    /// Number of words (rows).
    public var count: Int { words.count }

    /// The row of exactly `word` (same bytes), or nil if it is not in the vocabulary.
    public func row(of word: String) -> Int? { index[WordKey(word)] }

    /// The raw vector of `word`, or nil if it is not in the vocabulary.
    public func vector(_ word: String) -> ArraySlice<Float>? {
        guard let row = row(of: word) else { return nil }
        return vectors[row * dimension ..< (row + 1) * dimension]
    }

    /// The raw vector of row `row`.
    public func row(_ row: Int) -> ArraySlice<Float> {
        vectors[row * dimension ..< (row + 1) * dimension]
    }
}

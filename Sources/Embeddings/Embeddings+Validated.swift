extension Embeddings {
    /// Wraps what a reader has already computed, with the same meaning as
    /// `init(words:dimension:vectors:)` produces: `words` unique, `index` their rows, norms
    /// by `Embeddings.norm`. Saves a second pass (and a second copy of the matrix).
    init(validatedWords words: [String], index: [WordKey: Int], dimension: Int,
         vectors: FloatRows, norms: FloatRows, inverseNorms: FloatRows) {
        precondition(index.count == words.count)
        self.init(words: WordList(words: words, index: index), dimension: dimension, vectors: vectors,
                  norms: norms, inverseNorms: inverseNorms, fingerprint: nil)
    }
}

extension Embeddings {
    /// Wraps arrays a reader has already computed, with the same meaning as
    /// `init(words:dimension:vectors:)` produces: `words` unique, `index` their rows,
    /// `unitVectors` and `norms` computed with the same float operations. Saves a second pass
    /// (and a second copy of the matrix) when loading large files.
    init(validatedWords words: [String], index: [WordKey: Int], dimension: Int,
         vectors: [Float], unitVectors: [Float], norms: [Float]) {
        precondition(dimension > 0 && vectors.count == words.count * dimension && unitVectors.count == vectors.count
                     && norms.count == words.count && index.count == words.count)
        self.words = words
        self.dimension = dimension
        self.vectors = vectors
        self.unitVectors = unitVectors
        self.norms = norms
        self.index = index
    }
}

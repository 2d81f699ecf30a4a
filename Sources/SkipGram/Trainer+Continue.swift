import Corpus

extension Trainer {
    /// Continued training (gensim's `build_vocab(update=True)` + `train`, fastText's
    /// `-pretrainedVectors` without the restart): starts from `checkpoint`'s W and C (a finished
    /// or interrupted run) on a new corpus whose `vocabulary` extends the checkpoint's
    /// (`CorpusLoader.load(input:continuing:options:)`: the old words first, in order).
    ///
    /// Old words keep their W and C rows; new words get fresh W rows (word2vec.c's uniform
    /// initialisation, from `configuration.seed`) and zero C rows, appended. The noise and
    /// subsampling tables are built from the merged counts, and the learning rate starts
    /// again at `configuration.alpha` and decays over `configuration.epochs` passes of the new
    /// corpus. Old words the new corpus lacks get no positive updates, but their C rows are
    /// still drawn as negatives (in proportion to their old counts) and move away from the
    /// new words' contexts; their W rows stay as they were.
    ///
    /// - Throws: `SkipGramError.checkpointMismatch` when the dimension differs from the
    ///   checkpoint's or `vocabulary` does not start with the checkpoint's words.
    /// - Complexity: O(vocabulary x dimension).
    public convenience init(continuing checkpoint: Checkpoint, path: String, configuration: TrainingConfiguration,
                            vocabulary: Vocabulary, corpus: EncodedCorpus) throws {
        let old = checkpoint.header.vocabulary
        let dimension = checkpoint.header.configuration.dimension
        guard configuration.dimension == dimension else {
            throw SkipGramError.checkpointMismatch(path: path, reason: "it holds \(dimension)-dimensional vectors, but \(configuration.dimension) dimensions were asked; continued training keeps the dimension")
        }
        guard vocabulary.count >= old.count, Array(vocabulary.words.prefix(old.count)) == old.words else {
            throw SkipGramError.checkpointMismatch(path: path, reason: "the merged vocabulary does not start with the checkpoint's \(old.count) words")
        }
        try self.init(configuration: configuration, vocabulary: vocabulary, corpus: corpus)
        checkpoint.input.withUnsafeBufferPointer { w in
            checkpoint.output.withUnsafeBufferPointer { c in
                for r in 0..<old.count {
                    input.row(r).update(from: w.baseAddress! + r * dimension, count: dimension)
                    output.row(r).update(from: c.baseAddress! + r * dimension, count: dimension)
                }
            }
        }
    }
}

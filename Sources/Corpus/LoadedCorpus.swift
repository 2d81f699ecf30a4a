/// A corpus ready for training: the vocabulary, the text as ids in that vocabulary, and
/// what loading saw.
public struct LoadedCorpus: Sendable {
    public let vocabulary: Vocabulary
    public let corpus: EncodedCorpus
    public let statistics: CorpusStatistics

    public init(vocabulary: Vocabulary, corpus: EncodedCorpus, statistics: CorpusStatistics) {
        self.vocabulary = vocabulary
        self.corpus = corpus
        self.statistics = statistics
    }
}

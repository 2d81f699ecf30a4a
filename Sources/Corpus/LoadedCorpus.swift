/// A corpus ready for training: the vocabulary, the text as ids in that vocabulary, what
/// loading saw, and the files it came from.
public struct LoadedCorpus: Sendable {
    public let vocabulary: Vocabulary
    public let corpus: EncodedCorpus
    public let statistics: CorpusStatistics
    /// The inputs read, in order, as they were when read (empty for bytes in memory).
    public var files: [SourceFile]

    public init(vocabulary: Vocabulary, corpus: EncodedCorpus, statistics: CorpusStatistics, files: [SourceFile] = []) {
        self.vocabulary = vocabulary
        self.corpus = corpus
        self.statistics = statistics
        self.files = files
    }
}

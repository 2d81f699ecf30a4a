extension CorpusLoader {
    /// Loads `input` against a vocabulary given as (word, count) entries, such as a
    /// `--read-vocab` file (word2vec.c `ReadVocab` + `SortVocab`): there is no counting
    /// pass. Entries counted fewer than `options.minCount` times are dropped, the rest
    /// sorted most frequent first (ties in file order) and cut to `options.maxVocabulary`;
    /// their counts, not the corpus's, drive subsampling and the noise distribution, as in
    /// word2vec.c. Corpus tokens outside the vocabulary are dropped and counted
    /// (`CorpusStatistics.unknownTokens`).
    ///
    /// - Complexity: one pass, O(bytes); memory O(vocabulary + tokens).
    public static func load(input: CorpusInput, vocabulary entries: [(word: String, count: Int)], options: CorpusOptions,
                            progress: (@Sendable (_ bytesRead: Int, _ totalBytes: Int) -> Void)? = nil) throws -> LoadedCorpus {
        try options.validate()
        var selected = entries.enumerated().filter { $0.element.count >= options.minCount }
        selected.sort { $0.element.count != $1.element.count ? $0.element.count > $1.element.count : $0.offset < $1.offset }
        if let maxVocabulary = options.maxVocabulary, selected.count > maxVocabulary {
            selected.removeLast(selected.count - maxVocabulary)
        }
        var files = try input.files()
        let name = describe(files)
        guard !selected.isEmpty else {
            throw CorpusError.nothingReachesMinCount(path: "the vocabulary file", minCount: options.minCount,
                                                     mostFrequentCount: entries.map(\.count).max() ?? 0)
        }
        var table = TokenTable(expectedEntries: selected.count)
        for (_, entry) in selected {
            var word = entry.word
            _ = word.withUTF8 { table.add($0.baseAddress!, count: $0.count, occurrences: entry.count) }
        }
        let source = ConcatenatedByteSource(files: files)
        var encoding = try EncodingSink(table: table, finalIDs: (0..<selected.count).map(UInt32.init), vocabularySize: selected.count,
                                        expectedTokens: max(source.totalBytes, 1 << 20) / 6 + 1024,
                                        maxSentenceLength: options.maxSentenceLength, idsDirectory: options.idsDirectory)
        let pass = try scan(source, options: options.tokenizer, chunkSize: defaultChunkSize, progress: progress, into: &encoding)
        if let failure = encoding.ids.failure {
            throw CorpusError.idsFileFailed(directory: options.idsDirectory ?? ".", reason: failure)
        }
        guard pass.tokens > 0 else { throw CorpusError.empty(path: name) }
        let wordCount = encoding.counts.reduce(0, +)
        guard wordCount > 0 else {
            throw CorpusError.empty(path: name + " (no token of it is in the vocabulary file)")
        }
        let unknown = encoding.unknownTokens
        let corpus = encoding.ids.encodedCorpus(wordCount: wordCount)
        if let index = files.firstIndex(where: \.isStandardInput) { files[index].byteCount = source.standardInputBytes }
        var statistics = CorpusStatistics(
            bytesRead: pass.bytes, linesRead: pass.lines, tokensRead: pass.tokens,
            distinctWords: selected.count, vocabularySize: selected.count,
            tokensKept: corpus.wordCount, sentences: corpus.length - corpus.wordCount,
            invalidUTF8Replacements: pass.replacements, truncatedTokens: pass.truncatedTokens,
            countsApproximate: false, minCount: options.minCount)
        statistics.unknownTokens = unknown
        statistics.vocabularyFromFile = true
        return LoadedCorpus(vocabulary: Vocabulary(words: selected.map(\.element.word), counts: selected.map(\.element.count)),
                            corpus: corpus, statistics: statistics, files: files)
    }
}

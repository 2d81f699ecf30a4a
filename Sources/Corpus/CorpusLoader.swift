/// Reads a text corpus into a `Vocabulary` and an `EncodedCorpus` (word2vec.c
/// `LearnVocabFromTrainFile` + `SortVocab` + the reading half of `TrainModelThread`, done
/// once instead of every epoch).
///
/// One streaming pass counts and encodes together: each token gets a provisional id (its
/// first-seen rank) in a byte-keyed `TokenTable`; then the vocabulary is chosen (count >=
/// min-count, most frequent first, ties by first appearance, at most max-vocabulary words)
/// and the ids are rewritten in place to final ids, dropping out-of-vocabulary tokens and
/// re-cutting sentences to `maxSentenceLength` kept tokens. Only when counting had to prune
/// (more than `maxVocabularyEntries` distinct tokens) is the text read a second time.
///
/// - Complexity: O(bytes) time; memory O(distinct tokens + tokens), 4 bytes per token
///   plus one read chunk (4 MiB); the text is never held as a `String`.
public enum CorpusLoader {
    /// Bytes per `read`.
    static let defaultChunkSize = 4 << 20

    /// Loads the corpus at `path` (a file, a `.gz` file, a directory or `-`). `progress` is
    /// called after each chunk with the stored bytes read so far and their total (0 when
    /// unknown, as for a pipe), and once more from 0 if a second pass is needed.
    public static func load(path: String, options: CorpusOptions,
                            progress: (@Sendable (_ bytesRead: Int, _ totalBytes: Int) -> Void)? = nil) throws -> LoadedCorpus {
        try load(input: CorpusInput(paths: [path]), options: options, progress: progress)
    }

    /// Loads the corpus made of `input`'s files, read in order, each ending a sentence.
    public static func load(input: CorpusInput, options: CorpusOptions,
                            progress: (@Sendable (_ bytesRead: Int, _ totalBytes: Int) -> Void)? = nil) throws -> LoadedCorpus {
        try load(input: input, options: options, progress: progress, chunkSize: defaultChunkSize)
    }

    /// Loads `input` for continued training on top of `base`, the vocabulary of an earlier
    /// run: the result's vocabulary is `base`'s words first, in their order (they keep their
    /// rows), with their counts plus their occurrences in `input`, then the words of `input`
    /// that reach `options.minCount` and are not in `base`, most frequent first (ties by first
    /// appearance). `maxVocabulary` limits only the new words. Words of `base` absent from
    /// `input` stay, with their old counts.
    public static func load(input: CorpusInput, continuing base: Vocabulary, options: CorpusOptions,
                            progress: (@Sendable (_ bytesRead: Int, _ totalBytes: Int) -> Void)? = nil) throws -> LoadedCorpus {
        try load(input: input, options: options, base: base, progress: progress, chunkSize: defaultChunkSize)
    }

    /// Loads a corpus held in memory; `name` stands for the path in errors. Same logic as
    /// `load(path:options:progress:)`.
    public static func load(bytes: [UInt8], name: String, options: CorpusOptions) throws -> LoadedCorpus {
        try load(bytes: bytes, name: name, options: options, chunkSize: defaultChunkSize)
    }

    static func load(path: String, options: CorpusOptions,
                     progress: (@Sendable (Int, Int) -> Void)?, chunkSize: Int) throws -> LoadedCorpus {
        try load(input: CorpusInput(paths: [path]), options: options, progress: progress, chunkSize: chunkSize)
    }

    static func load(input: CorpusInput, options: CorpusOptions, base: Vocabulary? = nil,
                     progress: (@Sendable (Int, Int) -> Void)?, chunkSize: Int) throws -> LoadedCorpus {
        try options.validate()
        var files = try input.files()
        let name = describe(files)
        var reader: ConcatenatedByteSource?
        var loaded = try build(name: name, options: options, base: base, chunkSize: chunkSize, progress: progress) {
            if reader != nil, let stream = files.first(where: \.isStream) {
                throw CorpusError.cannotReread(path: SourceFile.displayName(stream.path), reason: "more than \(options.effectiveMaxVocabularyEntries) distinct tokens made counting prune rare words, and the encoding pass must read the text again; raise the bound on distinct tokens or save the text to a file")
            }
            let source = ConcatenatedByteSource(files: files)
            reader = source
            return source
        }
        if let index = files.firstIndex(where: \.isStandardInput) {
            files[index].byteCount = reader?.standardInputBytes ?? 0
        }
        loaded.files = files
        return loaded
    }

    static func load(bytes: [UInt8], name: String, options: CorpusOptions, chunkSize: Int) throws -> LoadedCorpus {
        try options.validate()
        return try build(name: name, options: options, chunkSize: chunkSize, progress: nil) {
            MemoryByteSource(bytes: bytes)
        }
    }

    /// "corpus.txt", "standard input", or "3 files (a.txt, b.txt.gz, ...)" for messages.
    static func describe(_ files: [SourceFile]) -> String {
        guard files.count > 1 else { return files.first.map { SourceFile.displayName($0.path) } ?? "no input" }
        let shown = files.prefix(3).map { SourceFile.displayName($0.path) }.joined(separator: ", ")
        return "\(files.count) files (\(shown)\(files.count > 3 ? ", ..." : ""))"
    }

    /// What a pass saw.
    struct PassTotals: Equatable {
        var bytes = 0, lines = 0, tokens = 0, replacements = 0, truncatedTokens = 0
    }

    private static func build(
        name: String, options: CorpusOptions, base: Vocabulary? = nil, chunkSize: Int,
        progress: (@Sendable (Int, Int) -> Void)?, open: () throws -> any ByteSource
    ) throws -> LoadedCorpus {
        let source = try open()
        var counting = try CountingSink(expectedTokens: source.totalBytes / 6 + 1024,
                                        maxSentenceLength: options.maxSentenceLength,
                                        maxEntries: options.effectiveMaxVocabularyEntries,
                                        idsDirectory: options.idsDirectory)
        let first = try scan(source, options: options.tokenizer, chunkSize: chunkSize, progress: progress, into: &counting)
        if let failure = counting.ids.failure {
            throw CorpusError.idsFileFailed(directory: options.idsDirectory ?? ".", reason: failure)
        }
        guard first.tokens > 0 else { throw CorpusError.empty(path: name) }

        let pruned = counting.pruned
        let prunedEntries = counting.prunedEntries
        var table = counting.table
        var ids = counting.ids

        var selected = selectWords(in: table, minCount: options.minCount, maxVocabulary: base == nil ? options.maxVocabulary : nil)
        var finalIDs = [UInt32](repeating: EncodingSink.dropped, count: table.count)
        var words: [String] = [], counts: [Int] = []
        var baseWordsSeen = 0
        if let base {
            // Old words keep their ids; their counts add.
            words = base.words
            counts = base.counts
            for (id, word) in base.words.enumerated() {
                var bytes = word
                let entry = bytes.withUTF8 { table.find($0.baseAddress!, count: $0.count) }
                guard entry >= 0 else { continue }
                finalIDs[entry] = UInt32(id)
                counts[id] += table.occurrences(entry)
                baseWordsSeen += 1
            }
            selected.removeAll { finalIDs[$0] != EncodingSink.dropped }
            if let maxVocabulary = options.maxVocabulary, selected.count > maxVocabulary {
                selected.removeLast(selected.count - maxVocabulary)
            }
        } else {
            guard !selected.isEmpty else {
                throw CorpusError.nothingReachesMinCount(path: name, minCount: options.minCount,
                                                         mostFrequentCount: table.maximumOccurrences)
            }
        }
        let baseCount = words.count
        for (offset, entry) in selected.enumerated() { finalIDs[entry] = UInt32(baseCount + offset) }
        words += selected.map { table.word($0) }
        counts += selected.map { table.occurrences($0) }

        var wordCount = 0
        if !pruned {
            wordCount = remap(&ids, through: finalIDs, maxSentenceLength: options.maxSentenceLength)
        } else {
            _ = consume ids
            let again = try open()
            var encoding = try EncodingSink(table: table, finalIDs: finalIDs, vocabularySize: words.count,
                                            expectedTokens: counts.reduce(0, +) + 1024,
                                            maxSentenceLength: options.maxSentenceLength,
                                            idsDirectory: options.idsDirectory)
            let second = try scan(again, options: options.tokenizer, chunkSize: chunkSize, progress: progress, into: &encoding)
            if let failure = encoding.ids.failure {
                throw CorpusError.idsFileFailed(directory: options.idsDirectory ?? ".", reason: failure)
            }
            guard second == first else {
                throw CorpusError.readFailed(path: name, byteOffset: second.bytes,
                                             reason: "the file changed between the counting pass (\(first.bytes) bytes, \(first.tokens) tokens) and the encoding pass (\(second.bytes) bytes, \(second.tokens) tokens); retry when nothing is writing to it")
            }
            ids = encoding.ids
            table = encoding.table
            wordCount = encoding.counts.reduce(0, +)
            if let base {
                // Exact counts of this corpus on top of the old ones; the order stays.
                counts = encoding.counts.enumerated().map { $0.offset < base.count ? base.counts[$0.offset] + $0.element : $0.element }
            } else {
                counts = encoding.counts
                reorderByCount(&ids, words: &words, counts: &counts)
            }
        }
        _ = consume table

        let corpus = ids.encodedCorpus(wordCount: wordCount)
        var statistics = CorpusStatistics(
            bytesRead: first.bytes, linesRead: first.lines, tokensRead: first.tokens,
            distinctWords: finalIDs.count + prunedEntries, vocabularySize: words.count,
            tokensKept: corpus.wordCount, sentences: corpus.length - corpus.wordCount,
            invalidUTF8Replacements: first.replacements, truncatedTokens: first.truncatedTokens,
            countsApproximate: pruned, minCount: options.minCount)
        if let base {
            statistics.baseVocabularySize = base.count
            statistics.baseWordsSeen = baseWordsSeen
        }
        return LoadedCorpus(vocabulary: Vocabulary(words: words, counts: counts), corpus: corpus, statistics: statistics)
    }

    /// Streams `source` through a `TokenScanner` into `sink`; `afterChunk` runs after each
    /// chunk is scanned (a writer flushes there).
    static func scan<Sink: TokenSink & ~Copyable>(
        _ source: any ByteSource, options: TokenizerOptions, chunkSize: Int,
        progress: (@Sendable (Int, Int) -> Void)?, into sink: inout Sink,
        afterChunk: (inout Sink) throws -> Void = { _ in }
    ) throws -> PassTotals {
        var scanner = TokenScanner(options: options)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(chunkSize, 1), alignment: 64)
        defer { buffer.deallocate() }
        let bytes = buffer.bindMemory(to: UInt8.self)
        while true {
            let n = try source.read(into: buffer)
            if n == 0 { break }
            scanner.feed(UnsafeBufferPointer(rebasing: bytes[0..<n]), into: &sink)
            try afterChunk(&sink)
            progress?(source.position, source.totalBytes)
        }
        scanner.finish(into: &sink)
        return PassTotals(bytes: scanner.bytesRead, lines: scanner.lines, tokens: scanner.tokens,
                          replacements: scanner.replacements, truncatedTokens: scanner.truncatedTokens)
    }

    /// Table entries with count >= `minCount`, most frequent first, ties by first appearance
    /// (entry order), at most `maxVocabulary` of them (word2vec.c `SortVocab`).
    static func selectWords(in table: borrowing TokenTable, minCount: Int, maxVocabulary: Int?) -> [Int] {
        var selected: [(entry: Int, count: Int)] = []
        for entry in 0..<table.count {
            let count = table.occurrences(entry)
            if count >= minCount { selected.append((entry, count)) }
        }
        selected.sort { $0.count != $1.count ? $0.count > $1.count : $0.entry < $1.entry }
        if let maxVocabulary, selected.count > maxVocabulary { selected.removeLast(selected.count - maxVocabulary) }
        return selected.map(\.entry)
    }

    /// Rewrites provisional ids to final ids in place: out-of-vocabulary tokens and soft
    /// breaks are dropped, a line that kept no token leaves no break, and sentences are cut
    /// every `maxSentenceLength` kept tokens. Returns the number of word ids kept.
    ///
    /// In place is safe: position `written` never passes `read` + 1, because each cut is
    /// matched by a soft break already read (`CountingSink`).
    static func remap(_ ids: inout IDBuffer, through finalIDs: [UInt32], maxSentenceLength: Int) -> Int {
        var cutter = SentenceCutter(maxLength: maxSentenceLength)
        let p = ids.base
        var written = 0
        var words = 0
        finalIDs.withUnsafeBufferPointer { map in
            for read in 0..<ids.count {
                let id = p[read]
                if id == CountingSink.softBreak { continue }
                if id == EncodedCorpus.sentenceBreak {
                    if cutter.endLine() {
                        p[written] = EncodedCorpus.sentenceBreak
                        written += 1
                    }
                    continue
                }
                let final = map[Int(id)]
                if final == EncodingSink.dropped { continue }
                if cutter.beforeWord() {
                    p[written] = EncodedCorpus.sentenceBreak
                    written += 1
                }
                p[written] = final
                written += 1
                words += 1
            }
        }
        if cutter.endLine() { // unreachable: the scanner closes the last line
            ids.truncate(to: written)
            ids.append(EncodedCorpus.sentenceBreak)
        } else {
            ids.truncate(to: written)
        }
        return words
    }

    /// After an exact recount, restores most-frequent-first order (ties keep the current
    /// order) and renumbers the ids to match.
    static func reorderByCount(_ ids: inout IDBuffer, words: inout [String], counts: inout [Int]) {
        let order = counts.indices.sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
        guard order != Array(counts.indices) else { return }
        var newID = [UInt32](repeating: 0, count: order.count)
        for (new, old) in order.enumerated() { newID[old] = UInt32(new) }
        let p = ids.base
        for i in 0..<ids.count where p[i] != EncodedCorpus.sentenceBreak { p[i] = newID[Int(p[i])] }
        words = order.map { words[$0] }
        counts = order.map { counts[$0] }
    }
}

import XCTest
@testable import Corpus

/// Bounded counting memory (word2vec.c `ReduceVocab`) and the second pass it forces.
final class PruningTests: XCTestCase {
    /// word2vec.c's pruning, re-done with a Dictionary: the words whose (approximate) count
    /// reaches `minCount`, in first-appearance order among survivors.
    private func simulatedPruning(_ tokens: [String], bound: Int, minCount: Int) -> (words: Set<String>, pruned: Bool) {
        var counts: [String: Int] = [:]
        var minReduce = 1
        var pruned = false
        for token in tokens {
            counts[token, default: 0] += 1
            if counts.count > bound {
                counts = counts.filter { $0.value > minReduce }
                minReduce += 1
                pruned = true
            }
        }
        return (Set(counts.filter { $0.value >= minCount }.keys), pruned)
    }

    func testTinyBoundPrunesAndReencodes() throws {
        let bytes = generatedCorpus(tokens: 20_000, vocabularySize: 3000, seed: 9)
        let options = CorpusOptions(minCount: 3, maxSentenceLength: 20, maxVocabularyEntries: 200)
        let loaded = try CorpusLoader.load(bytes: bytes, name: "pruned", options: options, chunkSize: 777)
        let exact = Reference.load(bytes, CorpusOptions(minCount: 1, maxSentenceLength: 20))
        let trueCounts = Dictionary(uniqueKeysWithValues: zip(exact.words, exact.counts))
        let tokens = bytes.split(separator: 10).flatMap { Reference.tokens($0, options.tokenizer).map(\.token) }

        XCTAssertTrue(loaded.statistics.countsApproximate)
        XCTAssertTrue(loaded.statistics.summary.contains("pruned"))
        let simulated = simulatedPruning(tokens, bound: 200, minCount: 3)
        XCTAssertTrue(simulated.pruned)
        XCTAssertEqual(Set(loaded.vocabulary.words), simulated.words)
        XCTAssertGreaterThan(loaded.vocabulary.count, 20)

        // Kept words have exact counts (recounted), in descending order, and every one of
        // them truly reaches min-count.
        for (word, count) in zip(loaded.vocabulary.words, loaded.vocabulary.counts) {
            XCTAssertEqual(count, trueCounts[word], word)
            XCTAssertGreaterThanOrEqual(count, 3)
        }
        XCTAssertEqual(loaded.vocabulary.counts, loaded.vocabulary.counts.sorted(by: >))
        XCTAssertEqual(loaded.vocabulary.totalCount, loaded.corpus.wordCount)

        // The second pass encodes exactly the naive tokenization filtered by the vocabulary.
        let kept = Set(loaded.vocabulary.words)
        var expected: [[String]] = []
        for line in bytes.split(separator: 10) {
            var rest = Reference.tokens(line, options.tokenizer).map(\.token).filter(kept.contains)[...]
            while !rest.isEmpty {
                expected.append(Array(rest.prefix(20)))
                rest = rest.dropFirst(20)
            }
        }
        XCTAssertEqual(decodedSentences(loaded), expected)
        XCTAssertEqual(loaded.statistics.tokensRead, tokens.count)
        XCTAssertGreaterThanOrEqual(loaded.statistics.distinctWords, exact.distinct)
    }

    func testPruningFromAFileReadsItTwice() throws {
        let bytes = generatedCorpus(tokens: 5000, vocabularySize: 1000, seed: 21, dirty: false)
        let path = NSTemporaryDirectory() + "corpus-pruning-\(getpid()).txt"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let options = CorpusOptions(minCount: 2, maxVocabularyEntries: 100)
        let reports = ProgressLog()
        let fromFile = try CorpusLoader.load(path: path, options: options, progress: { reports.add($0, $1) }, chunkSize: 1000)
        let fromMemory = try CorpusLoader.load(bytes: bytes, name: path, options: options)
        XCTAssertTrue(fromFile.statistics.countsApproximate)
        XCTAssertEqual(fromFile.vocabulary, fromMemory.vocabulary)
        XCTAssertEqual(fromFile.corpus.ids, fromMemory.corpus.ids)
        // Two passes over the file, each reported up to its size.
        XCTAssertEqual(reports.entries.filter { $0.0 == bytes.count }.count, 2)
        XCTAssertTrue(reports.entries.allSatisfy { $0.1 == bytes.count })
    }

    func testNoPruningUnderTheBound() throws {
        let bytes = generatedCorpus(tokens: 3000, vocabularySize: 100, seed: 2)
        let loaded = try CorpusLoader.load(bytes: bytes, name: "roomy", options: CorpusOptions(minCount: 1, maxVocabularyEntries: 100_000))
        XCTAssertFalse(loaded.statistics.countsApproximate)
        XCTAssertEqual(loaded.statistics.distinctWords, Reference.load(bytes, CorpusOptions(minCount: 1)).distinct)
    }
}

/// Collects progress reports from a `@Sendable` callback.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [(Int, Int)] = []
    func add(_ done: Int, _ total: Int) { lock.withLock { storage.append((done, total)) } }
    var entries: [(Int, Int)] { lock.withLock { storage } }
}

import XCTest
@testable import Corpus

/// Counting, min-count, max-vocabulary, order, and the id remap.
final class VocabularyBuildingTests: XCTestCase {
    private let text = "the cat sat on the mat\nthe dog sat\n\ndog eats\n"

    private func load(_ text: String, _ options: CorpusOptions) throws -> LoadedCorpus {
        try CorpusLoader.load(bytes: Array(text.utf8), name: "small", options: options)
    }

    func testHandCountedSmallText() throws {
        // Hand count: the 3, sat 2, dog 2, cat 1, on 1, mat 1, eats 1 (first appearance in that order).
        let all = try load(text, CorpusOptions(minCount: 1))
        XCTAssertEqual(all.vocabulary.words, ["the", "sat", "dog", "cat", "on", "mat", "eats"])
        XCTAssertEqual(all.vocabulary.counts, [3, 2, 2, 1, 1, 1, 1])
        XCTAssertEqual(all.statistics.distinctWords, 7)
        XCTAssertEqual(all.statistics.tokensRead, 11)
        XCTAssertEqual(all.statistics.linesRead, 4)
        XCTAssertEqual(all.vocabulary.id("dog"), 2)

        let frequent = try load(text, CorpusOptions(minCount: 2))
        XCTAssertEqual(frequent.vocabulary.words, ["the", "sat", "dog"])
        XCTAssertEqual(decodedSentences(frequent), [["the", "sat", "the"], ["the", "dog", "sat"], ["dog"]])
        XCTAssertEqual(frequent.statistics.tokensKept, 7)
        XCTAssertEqual(frequent.statistics.sentences, 3)
        XCTAssertEqual(frequent.statistics.distinctWords, 7)

        let capped = try load(text, CorpusOptions(minCount: 1, maxVocabulary: 4))
        XCTAssertEqual(capped.vocabulary.words, ["the", "sat", "dog", "cat"])
        XCTAssertEqual(capped.statistics.vocabularySize, 4)
    }

    func testTiesKeepFirstAppearance() throws {
        let loaded = try load("z y x w\nw x y z\nq", CorpusOptions(minCount: 2))
        XCTAssertEqual(loaded.vocabulary.words, ["z", "y", "x", "w"])
    }

    func testRandomCorpusAgainstDictionaryCount() throws {
        let bytes = generatedCorpus(tokens: 20_000, vocabularySize: 2000, seed: 42)
        let variants = [
            CorpusOptions(minCount: 1),
            CorpusOptions(minCount: 5, maxSentenceLength: 7),
            CorpusOptions(minCount: 3, maxVocabulary: 100, maxSentenceLength: 1),
            CorpusOptions(tokenizer: TokenizerOptions(lowercase: true, stripPunctuation: true), minCount: 2, maxSentenceLength: 13),
        ]
        for options in variants {
            let loaded = try CorpusLoader.load(bytes: bytes, name: "random", options: options, chunkSize: 1000)
            let expected = Reference.load(bytes, options)
            let label = "\(options)"
            XCTAssertEqual(loaded.vocabulary.words, expected.words, label)
            XCTAssertEqual(loaded.vocabulary.counts, expected.counts, label)
            XCTAssertEqual(decodedSentences(loaded), expected.sentences, label)
            XCTAssertEqual(loaded.statistics.tokensRead, expected.tokens, label)
            XCTAssertEqual(loaded.statistics.distinctWords, expected.distinct, label)
            XCTAssertEqual(loaded.statistics.linesRead, expected.lines, label)
            XCTAssertEqual(loaded.statistics.sentences, expected.sentences.count, label)
            XCTAssertEqual(loaded.statistics.tokensKept, expected.sentences.map(\.count).reduce(0, +), label)
            XCTAssertEqual(loaded.vocabulary.totalCount, loaded.corpus.wordCount, label)
            XCTAssertFalse(loaded.statistics.countsApproximate, label)
        }
    }

    func testIdsAreValidAndSentencesBounded() throws {
        let bytes = generatedCorpus(tokens: 5000, vocabularySize: 500, seed: 5)
        let loaded = try CorpusLoader.load(bytes: bytes, name: "ids", options: CorpusOptions(minCount: 2, maxSentenceLength: 4))
        var length = 0
        var previousWasBreak = true
        for id in loaded.corpus.ids {
            if id == EncodedCorpus.sentenceBreak {
                XCTAssertFalse(previousWasBreak, "empty sentence")
                length = 0
                previousWasBreak = true
            } else {
                XCTAssertLessThan(Int(id), loaded.vocabulary.count)
                length += 1
                XCTAssertLessThanOrEqual(length, 4)
                previousWasBreak = false
            }
        }
        XCTAssertTrue(previousWasBreak, "the stream must end with a break")
        XCTAssertEqual(loaded.vocabulary.counts, loaded.vocabulary.counts.sorted(by: >))
    }

    func testEncodedCorpusFromArray() {
        let corpus = EncodedCorpus(ids: [0, 1, EncodedCorpus.sentenceBreak, 2, EncodedCorpus.sentenceBreak])
        XCTAssertEqual(corpus.wordCount, 3)
        XCTAssertEqual(corpus.length, 5)
        XCTAssertEqual(corpus.withIDs { Array($0) }, corpus.ids)
        XCTAssertEqual(EncodedCorpus(ids: []).length, 0)
    }
}

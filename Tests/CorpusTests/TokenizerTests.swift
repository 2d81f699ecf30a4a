import XCTest
@testable import Corpus

/// Splitting, lines, normalization and truncation.
final class TokenizerTests: XCTestCase {
    private func load(_ text: String, minCount: Int = 1, maxSentenceLength: Int = 1000,
                      tokenizer: TokenizerOptions = .init(), chunkSize: Int = 1 << 16) throws -> LoadedCorpus {
        try CorpusLoader.load(bytes: Array(text.utf8), name: "test", options: CorpusOptions(
            tokenizer: tokenizer, minCount: minCount, maxSentenceLength: maxSentenceLength), chunkSize: chunkSize)
    }

    func testWhitespaceKindsAndLines() throws {
        let loaded = try load("a  b\tc\u{0B}d\u{0C}e\r\nf\r\n\n\n   \n\t\ng h\r")
        XCTAssertEqual(decodedSentences(loaded), [["a", "b", "c", "d", "e"], ["f"], ["g", "h"]])
        XCTAssertEqual(loaded.statistics.linesRead, 7)
        XCTAssertEqual(loaded.statistics.sentences, 3)
        XCTAssertEqual(loaded.statistics.tokensRead, 8)
    }

    func testEmptyLinesGiveNoEmptySentencesOrDoubleBreaks() throws {
        let loaded = try load("\n\nx y\n\n\n\nz\n\n")
        let ids = loaded.corpus.ids
        XCTAssertEqual(decodedSentences(loaded), [["x", "y"], ["z"]])
        XCTAssertEqual(ids.last, EncodedCorpus.sentenceBreak)
        XCTAssertNotEqual(ids.first, EncodedCorpus.sentenceBreak)
        for (a, b) in zip(ids, ids.dropFirst()) {
            XCTAssertFalse(a == EncodedCorpus.sentenceBreak && b == EncodedCorpus.sentenceBreak)
        }
    }

    func testLastLineWithoutNewline() throws {
        let loaded = try load("p q\nr")
        XCTAssertEqual(decodedSentences(loaded), [["p", "q"], ["r"]])
        XCTAssertEqual(loaded.statistics.linesRead, 2)
    }

    func testLongLineIsCutIntoChunksOfMaxSentenceLength() throws {
        let text = (0..<10_000).map { "w\($0 % 37)" }.joined(separator: " ") + "\nshort line\n"
        let loaded = try load(text)
        let lengths = decodedSentences(loaded).map(\.count)
        XCTAssertEqual(lengths, Array(repeating: 1000, count: 10) + [2])
        XCTAssertEqual(loaded.statistics.sentences, 11)
        XCTAssertEqual(loaded.statistics.linesRead, 2)
    }

    /// Chunks count kept tokens: dropping the rare half of a 2,500-token line leaves 1,250.
    func testChunksCountKeptTokens() throws {
        let line = (0..<2500).map { $0 % 2 == 0 ? "common\($0 % 4)" : "rare\($0)" }.joined(separator: " ")
        let loaded = try load(line, minCount: 2)
        XCTAssertEqual(decodedSentences(loaded).map(\.count), [1000, 250])
        XCTAssertEqual(loaded.statistics.tokensKept, 1250)
    }

    func testTokensAcrossChunkBoundariesMatchOneChunk() throws {
        let bytes = generatedCorpus(tokens: 3000, vocabularySize: 200, seed: 7)
        let options = CorpusOptions(minCount: 2, maxSentenceLength: 50)
        let whole = try CorpusLoader.load(bytes: bytes, name: "whole", options: options, chunkSize: bytes.count)
        for chunkSize in [1, 2, 3, 5, 64, 4097] {
            let chunked = try CorpusLoader.load(bytes: bytes, name: "chunked", options: options, chunkSize: chunkSize)
            XCTAssertEqual(chunked.vocabulary, whole.vocabulary, "chunk size \(chunkSize)")
            XCTAssertEqual(chunked.corpus.ids, whole.corpus.ids, "chunk size \(chunkSize)")
            XCTAssertEqual(chunked.statistics, whole.statistics, "chunk size \(chunkSize)")
        }
        XCTAssertGreaterThan(whole.statistics.invalidUTF8Replacements, 0)
    }

    func testNULBytesAreOrdinaryTokenBytes() throws {
        for tokenizer in [TokenizerOptions(), TokenizerOptions(lowercase: true, stripPunctuation: true)] {
            let loaded = try CorpusLoader.load(bytes: [0x61, 0, 0x62, 0x20, 0, 0x0A, 0x61, 0, 0x62],
                                               name: "nul", options: CorpusOptions(tokenizer: tokenizer, minCount: 1))
            XCTAssertEqual(loaded.vocabulary.words, ["a\0b", "\0"], "\(tokenizer)")
            XCTAssertEqual(loaded.vocabulary.counts, [2, 1], "\(tokenizer)")
        }
    }

    func testLowercaseIsUnicodeAware() {
        let tokenizer = Tokenizer(options: TokenizerOptions(lowercase: true))
        XCTAssertEqual(tokenizer.tokens(in: "Écoles ÉCOLE Straße ÀÉÎ ABC"),
                       ["écoles", "école", "straße", "àéî", "abc"])
        XCTAssertEqual(tokenizer.tokens(in: "Écoles").first, "écoles")
        XCTAssertEqual(Tokenizer().tokens(in: "Écoles ABC"), ["Écoles", "ABC"])
    }

    func testStripPunctuationRemovesUnicodePunctuationKeepsSymbols() {
        let tokenizer = Tokenizer(options: TokenizerOptions(stripPunctuation: true))
        XCTAssertEqual(tokenizer.tokens(in: "«Bonjour», well-known... it's ¡hola! — $5 a+b 😀 ... \"\""),
                       ["Bonjour", "wellknown", "its", "hola", "$5", "a+b", "😀"])
        let both = Tokenizer(options: TokenizerOptions(lowercase: true, stripPunctuation: true))
        XCTAssertEqual(both.tokens(in: "Écoles, ÉCOLE!"), ["écoles", "école"])
    }

    /// The byte-table fast path for ASCII must agree with the `Character` rules.
    func testASCIIFastPathMatchesCharacterRules() {
        let ascii = (33..<127).map { String(UnicodeScalar(UInt8($0))) }.joined()
        for options in [TokenizerOptions(lowercase: true), TokenizerOptions(stripPunctuation: true),
                        TokenizerOptions(lowercase: true, stripPunctuation: true)] {
            let expected = Reference.tokens(Array(ascii.utf8)[...], options).map(\.token)
            XCTAssertEqual(Tokenizer(options: options).tokens(in: ascii), expected)
            // The same text forced through the general path by a non-ASCII letter.
            let general = Tokenizer(options: options).tokens(in: ascii + "é")
            XCTAssertEqual(general, expected.map { $0 + "é" })
        }
    }

    func testTokensEmptiedByStrippingAreDropped() throws {
        let loaded = try load("... hello !! \n -- \n world", tokenizer: TokenizerOptions(stripPunctuation: true))
        XCTAssertEqual(decodedSentences(loaded), [["hello"], ["world"]])
        XCTAssertEqual(loaded.statistics.tokensRead, 2)
    }

    func testOneMegabyteTokenIsTruncated() throws {
        var bytes = [UInt8](repeating: 0x61, count: 1_000_000)
        bytes += Array(" b\n".utf8)
        let loaded = try CorpusLoader.load(bytes: bytes, name: "long", options: CorpusOptions(minCount: 1), chunkSize: 4096)
        XCTAssertEqual(loaded.statistics.truncatedTokens, 1)
        XCTAssertEqual(loaded.vocabulary.words.map(\.utf8.count).sorted(), [1, Tokenizer.maxTokenBytes])
        XCTAssertTrue(loaded.statistics.summary.contains("1 token truncated"))
    }

    func testTruncationKeepsWholeScalars() {
        // "a" then 2-byte "é"s: the 1,024-byte limit falls inside an "é".
        let token = "a" + String(repeating: "é", count: 600)
        let tokens = Tokenizer().tokens(in: token + " z")
        XCTAssertEqual(tokens.count, 2)
        XCTAssertEqual(tokens[0].utf8.count, 1023)
        XCTAssertEqual(tokens[0], "a" + String(repeating: "é", count: 511))
        XCTAssertEqual(Tokenizer().tokens(in: String(repeating: "x", count: 1024)).first?.utf8.count, 1024)
    }

    func testTokenizerAgreesWithLoader() throws {
        let bytes = generatedCorpus(tokens: 2000, vocabularySize: 300, seed: 11)
        for options in [TokenizerOptions(), TokenizerOptions(lowercase: true, stripPunctuation: true)] {
            let loaded = try CorpusLoader.load(bytes: bytes, name: "t", options: CorpusOptions(
                tokenizer: options, minCount: 1, maxSentenceLength: 1_000_000))
            let lines = bytes.split(separator: 10).map { Tokenizer(options: options).tokens(in: Array($0)) }
            XCTAssertEqual(decodedSentences(loaded), lines.filter { !$0.isEmpty })
        }
    }
}

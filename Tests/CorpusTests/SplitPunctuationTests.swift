import XCTest
@testable import Corpus

/// `TokenizerOptions.splitPunctuation`: punctuation separates tokens, as in text8-style
/// corpora ("doesn't" -> "doesn t"), identically in the loader and in `Tokenizer`.
final class SplitPunctuationTests: XCTestCase {
    private let split = TokenizerOptions(lowercase: true, splitPunctuation: true)

    func testHandCheckedExamples() {
        let tokenizer = Tokenizer(options: split)
        XCTAssertEqual(tokenizer.tokens(in: "Doesn't the 21st century's well-made \"film\" ... work?!"),
                       ["doesn", "t", "the", "21st", "century", "s", "well", "made", "film", "work"])
        // Unicode punctuation (’ « » — ¡) splits or vanishes; symbols stay inside tokens.
        XCTAssertEqual(tokenizer.tokens(in: "L’été «Bonjour» x—y ¡hola! $5 a+b 😀 co-writer/director"),
                       ["l", "été", "bonjour", "x", "y", "hola", "$5", "a+b", "😀", "co", "writer", "director"])
        XCTAssertEqual(Tokenizer(options: TokenizerOptions(splitPunctuation: true)).tokens(in: "Don't STOP"),
                       ["Don", "t", "STOP"], "no lowercasing unless asked")
        // Splitting wins over stripping when both are set.
        XCTAssertEqual(Tokenizer(options: TokenizerOptions(stripPunctuation: true, splitPunctuation: true)).tokens(in: "it's"),
                       ["it", "s"])
        XCTAssertEqual(Tokenizer(options: TokenizerOptions(stripPunctuation: true)).tokens(in: "it's"), ["its"])
    }

    /// The ASCII byte table and the general `Character` path agree with the reference.
    func testASCIIFastPathMatchesCharacterRules() {
        let ascii = (33..<127).map { String(UnicodeScalar(UInt8($0))) }.joined()
        for options in [split, TokenizerOptions(splitPunctuation: true)] {
            let expected = Reference.tokens(Array(ascii.utf8)[...], options).map(\.token)
            XCTAssertGreaterThan(expected.count, 5)
            XCTAssertEqual(Tokenizer(options: options).tokens(in: ascii), expected)
            // Forced through the general path: "é" joins the last piece.
            var general = expected
            general[general.count - 1] += "é"
            XCTAssertEqual(Tokenizer(options: options).tokens(in: ascii + "é"), general)
        }
    }

    func testLoaderAgreesWithTokenizerAndReferenceAtEveryChunkSize() throws {
        let bytes = generatedCorpus(tokens: 2000, vocabularySize: 300, seed: 23)
        let options = CorpusOptions(tokenizer: split, minCount: 1, maxSentenceLength: 1_000_000)
        let lines = bytes.split(separator: 10).map { Tokenizer(options: split).tokens(in: Array($0)) }.filter { !$0.isEmpty }
        let reference = Reference.load(bytes, options)
        XCTAssertEqual(reference.sentences, lines)
        let lowercased = bytes.split(separator: 10).map { Tokenizer(options: TokenizerOptions(lowercase: true)).tokens(in: Array($0)) }
        XCTAssertNotEqual(lines, lowercased.filter { !$0.isEmpty }, "the generated corpus must have punctuation to split")
        XCTAssertFalse(reference.words.contains { $0.contains(where: \.isPunctuation) })
        for chunkSize in [1, 7, 4096, bytes.count] {
            let loaded = try CorpusLoader.load(bytes: bytes, name: "split", options: options, chunkSize: chunkSize)
            XCTAssertEqual(decodedSentences(loaded), lines, "chunk size \(chunkSize)")
            XCTAssertEqual(loaded.vocabulary.words, reference.words, "chunk size \(chunkSize)")
            XCTAssertEqual(loaded.statistics.tokensRead, reference.tokens, "chunk size \(chunkSize)")
        }
    }

    func testEmptyPiecesAreDroppedAndTruncationCountsOnce() throws {
        let long = "x," + String(repeating: "a", count: 3000) + "-b"
        let loaded = try CorpusLoader.load(bytes: Array("--- ,a,,b. ...\n\(long) z".utf8), name: "split",
                                           options: CorpusOptions(tokenizer: split, minCount: 1), chunkSize: 64)
        XCTAssertEqual(decodedSentences(loaded), [["a", "b"], ["x", String(repeating: "a", count: Tokenizer.maxTokenBytes - 2), "z"]])
        XCTAssertEqual(loaded.statistics.tokensRead, 5)
        XCTAssertEqual(loaded.statistics.truncatedTokens, 1)
    }
}

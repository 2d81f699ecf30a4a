import XCTest
@testable import Corpus

/// Invalid UTF-8: each maximal invalid subsequence becomes U+FFFD and is counted.
final class InvalidUTF8Tests: XCTestCase {
    private static let fixture = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("corpora/latin1-reviews.txt").path

    /// Hand-made sequences with the replacement counts of the Unicode Standard's examples
    /// (ch. 3, "U+FFFD Substitution of Maximal Subparts").
    func testHandMadeSequences() {
        let cases: [(bytes: [UInt8], tokens: [String], replacements: Int)] = [
            ([0x61, 0xFF, 0x62], ["a\u{FFFD}b"], 1),
            ([0xE2, 0x82], ["\u{FFFD}"], 1),                          // truncated €
            ([0xE2, 0x82, 0x41], ["\u{FFFD}A"], 1),
            ([0xE2, 0x82, 0xAC], ["€"], 0),
            ([0xC0, 0xAF], ["\u{FFFD}\u{FFFD}"], 2),                  // overlong
            ([0xED, 0xA0, 0x80], ["\u{FFFD}\u{FFFD}\u{FFFD}"], 3),    // surrogate
            ([0xF0, 0x80, 0x80], ["\u{FFFD}\u{FFFD}\u{FFFD}"], 3),    // overlong 4-byte lead
            ([0xF4, 0x90, 0x80, 0x80], ["\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"], 4), // above U+10FFFF
            ([0xF0, 0x9F, 0x98, 0x20, 0x78], ["\u{FFFD}", "x"], 1),   // cut by a space
            ([0x61, 0x80, 0x80, 0x62], ["a\u{FFFD}\u{FFFD}b"], 2),
        ]
        for (bytes, tokens, replacements) in cases {
            XCTAssertEqual(Tokenizer().tokens(in: bytes), tokens, "\(bytes)")
            XCTAssertEqual(bytes.split(whereSeparator: Reference.isSpace).map { String(decoding: $0, as: UTF8.self) }, tokens,
                           "the standard library disagrees on \(bytes)")
            for chunkSize in [1, 2, 64] {
                let loaded = try? CorpusLoader.load(bytes: bytes, name: "bytes", options: CorpusOptions(minCount: 1), chunkSize: chunkSize)
                XCTAssertEqual(loaded?.statistics.invalidUTF8Replacements, replacements, "\(bytes) chunk \(chunkSize)")
            }
        }
    }

    func testLatin1FixtureCountsEveryReplacement() throws {
        let bytes = try XCTUnwrap(FileManager.default.contents(atPath: Self.fixture).map { [UInt8]($0) })
        let expected = Reference.replacementCount(bytes)
        XCTAssertGreaterThan(expected, 0, "the fixture should hold Latin-1 bytes")
        XCTAssertNil(String(validating: bytes, as: UTF8.self))
        let loaded = try CorpusLoader.load(path: Self.fixture, options: CorpusOptions(minCount: 1))
        XCTAssertEqual(loaded.statistics.invalidUTF8Replacements, expected)
        XCTAssertEqual(loaded.statistics.bytesRead, bytes.count)
        // No text is lost: every token is there, repaired as the standard library repairs it.
        let reference = Reference.load(bytes, CorpusOptions(minCount: 1))
        XCTAssertEqual(loaded.statistics.tokensRead, reference.tokens)
        XCTAssertEqual(decodedSentences(loaded), reference.sentences)
        XCTAssertTrue(loaded.statistics.summary.contains("\(CorpusStatistics.grouped(expected)) invalid UTF-8 sequences replaced"))
    }

    /// Random bytes, cut into tiny chunks, against `String(decoding:)` per token.
    func testRandomBytesMatchStandardLibrary() throws {
        var random = SeededGenerator(seed: 3)
        let alphabet: [UInt8] = [0x20, 0x0A, 0x61, 0x62, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xDF,
                                 0xE0, 0xE1, 0xED, 0xEE, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF]
        for round in 0..<20 {
            let bytes = (0..<2000).map { _ in alphabet.randomElement(using: &random)! }
            let loaded = try CorpusLoader.load(bytes: bytes, name: "random", options: CorpusOptions(minCount: 1),
                                               chunkSize: 1 + round % 7)
            XCTAssertEqual(loaded.statistics.invalidUTF8Replacements, Reference.replacementCount(bytes), "round \(round)")
            XCTAssertEqual(decodedSentences(loaded), Reference.load(bytes, CorpusOptions(minCount: 1)).sentences, "round \(round)")
        }
    }

    /// Replacements in the part of a token cut off by truncation still count.
    func testReplacementsBeyondTruncationAreCounted() throws {
        let bytes = [UInt8](repeating: 0x61, count: 2000) + [UInt8](repeating: 0xFF, count: 5)
        let loaded = try CorpusLoader.load(bytes: bytes, name: "tail", options: CorpusOptions(minCount: 1), chunkSize: 100)
        XCTAssertEqual(loaded.statistics.invalidUTF8Replacements, 5)
        XCTAssertEqual(loaded.statistics.truncatedTokens, 1)
        XCTAssertEqual(loaded.vocabulary.words, [String(repeating: "a", count: Tokenizer.maxTokenBytes)])
    }
}

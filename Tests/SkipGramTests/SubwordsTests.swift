import XCTest
@testable import SkipGram
import Embeddings

/// fastText's n-grams and hash against values worked out by hand from fastText 0.9's
/// `Dictionary::computeSubwords` and `Dictionary::hash` (FNV-1a, bytes sign-extended).
final class SubwordsTests: XCTestCase {
    func grams(_ word: String, _ lengths: ClosedRange<Int>) -> [String] {
        CharacterNGrams.ngrams(word, lengths: lengths).map { String(decoding: $0, as: UTF8.self) }
    }

    func testASCIINGramsInFastTextOrder() {
        XCTAssertEqual(grams("where", 3...6), ["<wh", "<whe", "<wher", "<where", "whe", "wher", "where", "where>",
                                               "her", "here", "here>", "ere", "ere>", "re>"])
        XCTAssertEqual(grams("where", 3...3), ["<wh", "whe", "her", "ere", "re>"])
    }

    func testLengthsCountCodePointsNotBytes() {
        XCTAssertEqual(grams("café", 3...6), ["<ca", "<caf", "<café", "<café>", "caf", "café", "café>", "afé", "afé>", "fé>"])
        XCTAssertEqual(grams("日本語", 3...6), ["<日本", "<日本語", "<日本語>", "日本語", "日本語>", "本語>"])
    }

    func testShortWordsAndTheLoneBrackets() {
        XCTAssertEqual(grams("a", 3...6), ["<a>"])
        XCTAssertEqual(grams("a", 4...6), [])
        // Length 1: every character but the lone '<' and '>' (fastText skips those).
        XCTAssertEqual(grams("ab", 1...1), ["a", "b"])
        XCTAssertEqual(grams("</s>", 3...6), [])
    }

    func testHashIsFastTextsSignExtendedFNV1a() {
        XCTAssertEqual(CharacterNGrams.hash(Array("".utf8)), 2_166_136_261)
        XCTAssertEqual(CharacterNGrams.hash(Array("<wh".utf8)), 1_048_167_652)
        XCTAssertEqual(CharacterNGrams.hash(Array("<a>".utf8)), 2_359_087_600)
        // Bytes >= 0x80 are where sign extension matters: plain FNV-1a of "é" would be 513_665_217.
        XCTAssertEqual(CharacterNGrams.hash(Array("é".utf8)), 1_023_043_777)
        XCTAssertEqual(CharacterNGrams.hash(Array("<café".utf8)), 3_160_794_639)
        XCTAssertEqual(CharacterNGrams.hash(Array("<日本".utf8)), 3_018_758_587)
    }

    func testRowsAreTheWordThenItsBuckets() {
        let subwords = Subwords(words: ["where", "a"], lengths: 3...6, buckets: 2_000_000)
        XCTAssertEqual(subwords.rowCount, 2_000_002)
        XCTAssertEqual(Array(subwords.rows(ofWord: 0).prefix(3)), [0, 2 + 167_652, 2 + 989_715])
        XCTAssertEqual(subwords.rows(ofWord: 0).count, 15)
        XCTAssertEqual(subwords.rows(ofWord: 1), [1, 2 + 1_087_600])
        XCTAssertEqual(subwords.rows(ofUnseen: "a"), [2 + 1_087_600])
        XCTAssertEqual(Array(subwords.rows(ofUnseen: "日本語").prefix(2)), [2 + 758_587, 2 + 4_581])
    }
}

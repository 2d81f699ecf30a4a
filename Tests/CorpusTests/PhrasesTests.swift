import XCTest
@testable import Corpus

/// word2phrase scores and joins against a hand computation.
final class PhrasesTests: XCTestCase {
    private func rewrite(_ text: String, _ options: PhraseOptions) throws -> (String, PhraseStatistics) {
        let path = NSTemporaryDirectory() + "phrases-\(UUID().uuidString).txt"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var out: [UInt8] = []
        let statistics = try Phrases.rewrite(input: CorpusInput(paths: [path]), options: options) { out += $0 }
        return (String(decoding: out, as: UTF8.self), statistics)
    }

    func testScoresByHand() {
        var options = PhraseOptions()
        options.minCount = 2
        // (3 - 2) / (4 x 5) x 100 = 5
        XCTAssertEqual(Phrases.score(countA: 4, countB: 5, countAB: 3, totalWords: 100, options: options), 5, accuracy: 1e-12)
        options.delta = 0.5 // (3 - 0.5) / 20 x 100 = 12.5
        XCTAssertEqual(Phrases.score(countA: 4, countB: 5, countAB: 3, totalWords: 100, options: options), 12.5, accuracy: 1e-12)
        XCTAssertEqual(Phrases.score(countA: 1, countB: 5, countAB: 1, totalWords: 100, options: options), -.infinity)
        options.scoring = .npmi // ln(0.03 / (0.04 x 0.05)) / -ln(0.03) = ln 15 / ln(100/3)
        XCTAssertEqual(Phrases.score(countA: 4, countB: 5, countAB: 3, totalWords: 100, options: options), log(15) / log(100.0 / 3), accuracy: 1e-12)
        XCTAssertEqual(Phrases.score(countA: 4, countB: 5, countAB: 1, totalWords: 100, options: options), -.infinity)
    }

    /// 14 tokens: new x4, york x3, is x3, big x2, a x1, city x1 ... counted by hand below.
    func testJoinsAboveThresholdOnlyWithinLines() throws {
        let text = "new york is big\nnew york is a city\nnew york is big\nnew\nyork\n"
        // Counts: new 4, york 4, is 3, big 2, a 1, city 1: total 15.
        // new_york 3: (3 - 1) / (4 x 4) x 15 = 1.875; york_is 3: (3 - 1) / (4 x 3) x 15 = 2.5;
        // is_big 2: (2 - 1) / (3 x 2) x 15 = 2.5; "new" / "york" on separate lines: no pair.
        var options = PhraseOptions()
        options.minCount = 1
        options.threshold = 1.8
        let (out, statistics) = try rewrite(text, options)
        // new_york joins (1.875 > 1.8); then "is" cannot join "york" (already joined);
        // is_big: 2.5 > 1.8 joins.
        XCTAssertEqual(out, "new_york is_big\nnew_york is a city\nnew_york is_big\nnew\nyork\n")
        XCTAssertEqual(statistics.tokens, 15)
        XCTAssertEqual(statistics.unigrams, 6)
        XCTAssertEqual(statistics.joined, 5)
        XCTAssertEqual(statistics.distinctJoined, 2)
        XCTAssertEqual(statistics.top.map(\.phrase), ["is_big", "new_york"])
        XCTAssertEqual(statistics.top[1].score, 1.875, accuracy: 1e-12)
        XCTAssertEqual(statistics.top[1].count, 3)
        options.threshold = 2
        XCTAssertEqual(try rewrite(text, options).0, "new york_is big\nnew york_is a city\nnew york_is big\nnew\nyork\n")
    }

    func testPruningBoundsMemoryAndSaysSo() throws {
        var options = PhraseOptions()
        options.minCount = 1
        options.threshold = 0
        options.maxEntries = 8
        let (_, statistics) = try rewrite("a b c d e f g h i j k l a b a b a b\n", options)
        XCTAssertTrue(statistics.countsApproximate)
        XCTAssertLessThanOrEqual(statistics.unigrams + statistics.bigrams, 8)
    }
}

import XCTest
@testable import Corpus

final class CorpusStatisticsTests: XCTestCase {
    func testGrouping() {
        XCTAssertEqual(CorpusStatistics.grouped(0), "0")
        XCTAssertEqual(CorpusStatistics.grouped(999), "999")
        XCTAssertEqual(CorpusStatistics.grouped(1000), "1,000")
        XCTAssertEqual(CorpusStatistics.grouped(17_005_207), "17,005,207")
        XCTAssertEqual(CorpusStatistics.grouped(-1_234), "-1,234")
    }

    func testSummaryReportsTheFields() throws {
        let text = (0..<1500).map { "w\($0 % 300)" }.joined(separator: " ")
        let loaded = try CorpusLoader.load(bytes: Array(text.utf8) + [0xFF], name: "s", options: CorpusOptions(minCount: 5))
        let s = loaded.statistics
        XCTAssertEqual(s.tokensRead, 1500)
        // The 0xFF joins the last token: "w299\u{FFFD}" once, so "w299" only 4 times.
        XCTAssertEqual(s.distinctWords, 301)
        XCTAssertEqual(s.vocabularySize, 299)
        XCTAssertEqual(s.tokensKept, 1495)
        XCTAssertEqual(s.invalidUTF8Replacements, 1)
        XCTAssertEqual(s.summary, "read 1,500 tokens (301 distinct) from 1 line; vocabulary 299 words (min-count 5); "
                       + "1,495 tokens kept; 1 invalid UTF-8 sequence replaced")
    }

    func testProgressReachesTheFileSize() throws {
        let path = NSTemporaryDirectory() + "corpus-progress-\(getpid()).txt"
        let bytes = generatedCorpus(tokens: 2000, vocabularySize: 50, seed: 1, dirty: false)
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = ProgressLog()
        _ = try CorpusLoader.load(path: path, options: CorpusOptions(minCount: 1), progress: { log.add($0, $1) }, chunkSize: 1024)
        let done = log.entries.map(\.0)
        XCTAssertEqual(done.count, (bytes.count + 1023) / 1024)
        XCTAssertEqual(done, done.sorted())
        XCTAssertEqual(done.last, bytes.count)
    }
}

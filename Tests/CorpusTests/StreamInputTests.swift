import XCTest
@testable import Corpus

/// A corpus read from a pipe (`w2v train <(zcat c.gz)`): described without being opened or
/// read (no fingerprint `pread`, which a pipe refuses with "Illegal seek"), then read once.
final class StreamInputTests: XCTestCase {
    func testCorpusFromAPipeIsReadOnce() throws {
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        defer { close(ends[0]) }
        let text = Array(String(repeating: "the cat sat on the mat\n", count: 10).utf8)
        XCTAssertEqual(write(ends[1], text, text.count), text.count)
        close(ends[1])
        let path = "/dev/fd/\(ends[0])"
        let loaded = try CorpusLoader.load(path: path, options: CorpusOptions(minCount: 1))
        XCTAssertEqual(loaded.statistics.tokensRead, 60)
        XCTAssertEqual(loaded.vocabulary.words.first, "the")
        XCTAssertEqual(loaded.files.map(\.isStream), [true])
    }

    func testPhrasesRefuseAPipe() throws {
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        defer { close(ends[0]); close(ends[1]) }
        XCTAssertThrowsError(try Phrases.rewrite(input: CorpusInput(paths: ["/dev/fd/\(ends[0])"]), options: PhraseOptions()) { _ in }) { error in
            guard case .cannotReread? = error as? CorpusError else { return XCTFail("\(error)") }
        }
    }
}

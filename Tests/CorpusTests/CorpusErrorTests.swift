import XCTest
@testable import Corpus

/// Every failure is a `CorpusError` naming the file, with advice.
final class CorpusErrorTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "corpus-errors-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func write(_ name: String, _ text: String) -> String {
        let path = directory + "/" + name
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
        return path
    }

    private func error(loading path: String, _ options: CorpusOptions = CorpusOptions()) -> CorpusError? {
        do {
            _ = try CorpusLoader.load(path: path, options: options)
            return nil
        } catch {
            return error as? CorpusError
        }
    }

    func testMissingFile() {
        let path = directory + "/missing.txt"
        guard case let .cannotOpen(reported, reason)? = error(loading: path) else { return XCTFail("expected cannotOpen") }
        XCTAssertEqual(reported, path)
        XCTAssertTrue(reason.contains("No such file"), reason)
        XCTAssertTrue(CorpusError.cannotOpen(path: path, reason: reason).description.hasPrefix(path + ": cannot open"))
    }

    func testPathThroughAFile() {
        let file = write("plain.txt", "a b c")
        guard case .cannotOpen(_, let reason)? = error(loading: file + "/inside") else { return XCTFail("expected cannotOpen") }
        XCTAssertTrue(reason.contains("Not a directory"), reason)
    }

    /// A directory is read as its files; one without any regular file is refused.
    func testDirectoryWithoutFiles() throws {
        let empty = directory + "/empty-dir"
        try FileManager.default.createDirectory(atPath: empty + "/sub", withIntermediateDirectories: true)
        XCTAssertEqual(error(loading: empty), .noFiles(directory: empty, recursive: false))
        // The library says what happened; only w2v names the flag (ErrorHints: --recursive).
        let description = CorpusError.noFiles(directory: empty, recursive: false).description
        XCTAssertTrue(description.contains("recursively") && !description.contains("--"), description)
        XCTAssertTrue(CorpusError.isDirectory(path: directory).description.contains("text file"))
    }

    func testUnreadableFile() throws {
        let path = write("secret.txt", "a b c")
        chmod(path, 0)
        if access(path, R_OK) == 0 { throw XCTSkip("running with privileges that ignore file modes") }
        guard case .cannotOpen(_, let reason)? = error(loading: path) else { return XCTFail("expected cannotOpen") }
        XCTAssertTrue(reason.contains("Permission denied"), reason)
    }

    #if os(Linux)
    /// /proc/self/mem opens, but reading at offset 0 fails (EIO): a real read error.
    func testReadFailure() {
        guard case let .readFailed(path, offset, reason)? = error(loading: "/proc/self/mem") else {
            return XCTFail("expected readFailed")
        }
        XCTAssertEqual(path, "/proc/self/mem")
        XCTAssertEqual(offset, 0)
        XCTAssertFalse(reason.isEmpty)
        XCTAssertTrue(CorpusError.readFailed(path: path, byteOffset: offset, reason: reason).description.contains("at byte 0"))
    }
    #endif

    func testEmptyAndWhitespaceOnly() {
        for (name, text) in [("empty.txt", ""), ("blank.txt", " \n\t\r\n\n  ")] {
            let path = write(name, text)
            XCTAssertEqual(error(loading: path), .empty(path: path))
        }
        let punctuation = write("punct.txt", "... !!! ,")
        XCTAssertEqual(error(loading: punctuation, CorpusOptions(tokenizer: TokenizerOptions(stripPunctuation: true))),
                       .empty(path: punctuation))
        XCTAssertTrue(CorpusError.empty(path: "x.txt").description.hasPrefix("x.txt: no words"))
    }

    func testNothingReachesMinCount() {
        let path = write("rare.txt", "a b a c a\nb")
        let failure = error(loading: path, CorpusOptions(minCount: 5))
        XCTAssertEqual(failure, .nothingReachesMinCount(path: path, minCount: 5, mostFrequentCount: 3))
        let text = failure?.description ?? ""
        XCTAssertTrue(text.contains(path) && text.contains("minimum count to 3") && !text.contains("--"), text)
        // The advice works.
        XCTAssertNoThrow(try CorpusLoader.load(path: path, options: CorpusOptions(minCount: 3)))
    }

    func testInvalidOptions() {
        let path = write("ok.txt", "a a a")
        XCTAssertEqual(error(loading: path, CorpusOptions(minCount: -1)),
                       .invalidOption(name: "min-count", value: -1, reason: "must be 0 or more"))
        for options in [CorpusOptions(maxVocabulary: 0), CorpusOptions(maxSentenceLength: 0), CorpusOptions(maxVocabularyEntries: 0)] {
            guard case .invalidOption? = error(loading: path, options) else { return XCTFail("expected invalidOption for \(options)") }
        }
        // Options are checked before the file is opened.
        guard case .invalidOption? = error(loading: directory + "/missing", CorpusOptions(maxSentenceLength: 0)) else {
            return XCTFail("expected invalidOption first")
        }
    }
}

import XCTest
@testable import Corpus

/// Ids kept in a memory-mapped temporary file (`CorpusOptions.idsDirectory`) are the same
/// ids, leave no file behind, and a full disk or a missing directory is reported.
final class MappedIDsTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "mapped-ids-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func onDisk(_ options: CorpusOptions) -> CorpusOptions {
        var options = options
        options.idsDirectory = directory
        return options
    }

    private func assertSame(_ bytes: [UInt8], _ options: CorpusOptions, file: StaticString = #filePath, line: UInt = #line) throws {
        let memory = try CorpusLoader.load(bytes: bytes, name: "m", options: options, chunkSize: 4096)
        let mapped = try CorpusLoader.load(bytes: bytes, name: "m", options: onDisk(options), chunkSize: 4096)
        XCTAssertFalse(memory.corpus.isMemoryMapped, file: file, line: line)
        XCTAssertTrue(mapped.corpus.isMemoryMapped, file: file, line: line)
        XCTAssertEqual(mapped.vocabulary, memory.vocabulary, file: file, line: line)
        XCTAssertEqual(mapped.corpus.ids, memory.corpus.ids, file: file, line: line)
        XCTAssertEqual(mapped.corpus.wordCount, memory.corpus.wordCount, file: file, line: line)
        XCTAssertEqual(mapped.statistics, memory.statistics, file: file, line: line)
        // The file was unlinked as soon as it was created: nothing to clean up, ever.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), [], file: file, line: line)
    }

    func testSameIDsAsInMemory() throws {
        try assertSame(generatedCorpus(tokens: 30_000, vocabularySize: 2000, seed: 5), CorpusOptions(minCount: 2, maxSentenceLength: 50))
    }

    func testSameIDsWhenPruningForcesTheSecondPass() throws {
        let options = CorpusOptions(minCount: 3, maxSentenceLength: 20, maxVocabularyEntries: 200)
        try assertSame(generatedCorpus(tokens: 20_000, vocabularySize: 3000, seed: 9), options)
    }

    /// Growing the file many times, and dropping written pages from memory on the way
    /// (`madvise(MADV_DONTNEED)` every 1,000 ids here), loses nothing.
    func testReleasedPagesAreReadBack() throws {
        var buffer = try IDBuffer(capacity: 100, directory: directory, releaseEvery: 1000)
        XCTAssertTrue(buffer.isFileBacked)
        let n = 300_000
        for i in 0..<n { buffer.append(UInt32(truncatingIfNeeded: i &* 2_654_435_761)) }
        XCTAssertNil(buffer.failure)
        let corpus = buffer.encodedCorpus(wordCount: n)
        XCTAssertTrue(corpus.isMemoryMapped)
        corpus.withIDs { ids in
            XCTAssertEqual(ids.count, n)
            var mismatches = 0
            for i in 0..<n where ids[i] != UInt32(truncatingIfNeeded: i &* 2_654_435_761) { mismatches += 1 }
            XCTAssertEqual(mismatches, 0)
        }
    }

    func testMissingDirectoryIsReported() {
        var options = CorpusOptions(minCount: 1)
        options.idsDirectory = directory + "/missing"
        XCTAssertThrowsError(try CorpusLoader.load(bytes: Array("a b c".utf8), name: "x", options: options)) {
            XCTAssertEqual($0 as? CorpusError, .idsFileFailed(directory: directory + "/missing", reason: "No such file or directory"))
            XCTAssertTrue("\($0)".contains("choose a writable directory"))
        }
    }

    /// A file-size limit (as `ulimit -f`, or a full disk) hit while the ids file grows is an
    /// error naming the directory, not a SIGBUS or a SIGXFSZ.
    func testFileSizeLimitIsReportedNotFatal() throws {
        let previousHandler = signal(SIGXFSZ, SIG_IGN)
        var saved = rlimit()
        getrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved)
        defer {
            setrlimit(Int32(RLIMIT_FSIZE.rawValue), &saved)
            signal(SIGXFSZ, previousHandler)
        }
        // 300,000 one-letter tokens: the first guess (bytes / 6) is too small, so the file
        // must grow, past the 512 KiB limit.
        let bytes = Array(String(repeating: "a b ", count: 150_000).utf8)
        var limit = saved
        limit.rlim_cur = 512 << 10
        XCTAssertEqual(setrlimit(Int32(RLIMIT_FSIZE.rawValue), &limit), 0)
        XCTAssertThrowsError(try CorpusLoader.load(bytes: bytes, name: "big", options: onDisk(CorpusOptions(minCount: 1)))) {
            guard case .idsFileFailed(let reported, let reason)? = $0 as? CorpusError else { return XCTFail("\($0)") }
            XCTAssertEqual(reported, directory)
            XCTAssertTrue(reason.contains("too large"), reason)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), [])
    }
}

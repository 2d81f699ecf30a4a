import XCTest
@testable import Corpus

/// Vocabulary files (word2vec.c format) and the merged vocabulary of continued training.
final class VocabularyFileTests: XCTestCase {
    private var directory = ""
    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "vocab-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: directory) }

    private func file(_ name: String, _ text: String) throws -> String {
        let path = directory + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func testRoundTripAndUnknownWordsDropped() throws {
        let corpus = try file("c.txt", "a b a c a b\nb a d\n")
        let counted = try CorpusLoader.load(path: corpus, options: CorpusOptions(minCount: 1))
        let vocab = try file("v.txt", String(decoding: counted.vocabulary.fileBytes(), as: UTF8.self))
        XCTAssertEqual(try String(contentsOfFile: vocab, encoding: .utf8), "a 4\nb 3\nc 1\nd 1\n")
        let entries = try Vocabulary.readEntries(path: try file("w.txt", "</s> 0\nb 3\na 4\nzzz 9\n"))
        XCTAssertEqual(entries.map(\.word), ["b", "a", "zzz"])
        let loaded = try CorpusLoader.load(input: CorpusInput(paths: [corpus]), vocabulary: entries, options: CorpusOptions(minCount: 1))
        XCTAssertEqual(loaded.vocabulary.words, ["zzz", "a", "b"]) // by file count
        XCTAssertEqual(loaded.vocabulary.counts, [9, 4, 3])
        XCTAssertEqual(loaded.statistics.unknownTokens, 2) // c, d
        XCTAssertEqual(loaded.corpus.wordCount, 7)
    }

    func testMalformedLinesNamed() throws {
        for (text, line, reason) in [("a 1\nb\n", 2, "without a count"), ("a 1\nb x\n", 2, "not a whole number"),
                                     ("a -1\n", 1, "not a whole number"), ("a 1 2\n", 1, "3 fields"),
                                     ("a 1\na 2\n", 2, "second time"), ("\n\n", 3, "no word"),
                                     // Training sums the counts (word2vec.c's train_words).
                                     ("the 9223372036854775807\nof 9223372036854775807\nand 5\n", 2, "add up past")] {
            let path = try file("bad.txt", text)
            XCTAssertThrowsError(try Vocabulary.readEntries(path: path)) { error in
                guard case let .badVocabularyFile(_, l, r) = error as? CorpusError else { return XCTFail("\(error)") }
                XCTAssertEqual(l, line, text)
                XCTAssertTrue(r.contains(reason), "\(text): \(r)")
            }
        }
    }

    /// Old words keep ids and add counts; new words reaching min-count are appended by
    /// frequency; old words absent keep their counts. Checked against a hand count.
    func testMergedVocabularyCountsByHand() throws {
        let old = Vocabulary(words: ["the", "cat", "dog"], counts: [10, 6, 5])
        // New corpus: the x3, cat x1, fish x3, bird x2, ant x1; dog absent.
        let corpus = try file("n.txt", "the fish the bird\nfish cat the fish bird ant\n")
        let loaded = try CorpusLoader.load(input: CorpusInput(paths: [corpus]), continuing: old, options: CorpusOptions(minCount: 2))
        XCTAssertEqual(loaded.vocabulary.words, ["the", "cat", "dog", "fish", "bird"])
        XCTAssertEqual(loaded.vocabulary.counts, [13, 7, 5, 3, 2])
        XCTAssertEqual(loaded.statistics.baseVocabularySize, 3)
        XCTAssertEqual(loaded.statistics.baseWordsSeen, 2)
        // ids: the 0, fish 3, the 0, bird 4 | fish 3, cat 1, the 0, fish 3, bird 4 (ant dropped)
        let ids = loaded.corpus.withIDs(Array.init).filter { $0 != EncodedCorpus.sentenceBreak }
        XCTAssertEqual(ids, [0, 3, 0, 4, 3, 1, 0, 3, 4])
        // The same through the pruning path (second pass): same result.
        var pruning = CorpusOptions(minCount: 2)
        pruning.maxVocabularyEntries = 100
        XCTAssertEqual(try CorpusLoader.load(input: CorpusInput(paths: [corpus]), continuing: old, options: pruning).vocabulary, loaded.vocabulary)
    }

    func testDirectoriesSortedAndEachFileEndsASentence() throws {
        try FileManager.default.createDirectory(atPath: directory + "/d/sub", withIntermediateDirectories: true)
        _ = try file("d/b.txt", "x y")       // no final newline
        _ = try file("d/a.txt", "p q\n")
        _ = try file("d/sub/c.txt", "z")
        let flat = try CorpusInput(paths: [directory + "/d"]).files().map { ($0.path as NSString).lastPathComponent }
        XCTAssertEqual(flat, ["a.txt", "b.txt"])
        let deep = try CorpusInput(paths: [directory + "/d"], recursive: true).files().map { ($0.path as NSString).lastPathComponent }
        XCTAssertEqual(deep, ["a.txt", "b.txt", "c.txt"])
        let loaded = try CorpusLoader.load(input: CorpusInput(paths: [directory + "/d"], recursive: true), options: CorpusOptions(minCount: 1))
        XCTAssertEqual(loaded.statistics.sentences, 3) // "x y" and "z" do not run together
        XCTAssertEqual(loaded.statistics.tokensRead, 5)
        XCTAssertThrowsError(try CorpusInput(paths: [directory + "/d/sub/none"]).files())
    }
}

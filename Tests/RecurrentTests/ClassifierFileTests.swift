import XCTest
import Corpus
import Embeddings
@testable import Recurrent

/// The model file: exact round trip, and refusal of damaged, foreign or newer files.
final class ClassifierFileTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "w2v-classifier-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    static func smallClassifier(cell: CellKind = .lstm) -> SentenceClassifier {
        let words = ["the", "film", "is", "good", "bad", "dull", "été"]
        var rng = SeededGenerator(seed: 11)
        let vectors = Embeddings(words: words, dimension: 5, vectors: (0..<(words.count * 5)).map { _ in Float(rng.gaussian()) })
        return SentenceClassifier(vectors: vectors, labels: ["neg", "pos"], cell: cell, bidirectional: true, layers: 2,
                                  hidden: 4, pooling: .mean, initialisation: .pretrained,
                                  tokenizerOptions: TokenizerOptions(lowercase: true, stripPunctuation: true), seed: 5)
    }

    func testRoundTripKeepsEverything() throws {
        let classifier = Self.smallClassifier()
        let path = directory + "/model.w2vc"
        try ClassifierFile.write(classifier, provenance: ["seed": "5"], to: path)
        let (read, provenance) = try ClassifierFile.read(path)
        XCTAssertEqual(provenance, ["seed": "5"])
        XCTAssertEqual(read.words, classifier.words)
        XCTAssertEqual(read.labels, classifier.labels)
        XCTAssertEqual(read.tokenizerOptions, classifier.tokenizerOptions)
        XCTAssertEqual(read.network.configuration, classifier.network.configuration)
        XCTAssertEqual(read.network.parameters, classifier.network.parameters)
        XCTAssertEqual(read.network.embeddings, classifier.network.embeddings)
        for sentence in ["The film is GOOD!", "dull, bad film", "été", ""] {
            XCTAssertEqual(read.predict(sentence).probabilities, classifier.predict(sentence).probabilities)
        }
        // Tokenizer options travel with the model: "GOOD!" is read as "good".
        XCTAssertEqual(read.encode("GOOD!"), [Int32(classifier.words.firstIndex(of: "good")! + 1)])
    }

    func testSplitPunctuationTravelsWithTheModel() throws {
        let base = Self.smallClassifier()
        let options = TokenizerOptions(lowercase: true, splitPunctuation: true)
        let classifier = SentenceClassifier(network: base.network, words: base.words, labels: base.labels, tokenizerOptions: options)
        let path = directory + "/model.w2vc"
        try ClassifierFile.write(classifier, to: path)
        let read = try ClassifierFile.read(path).classifier
        XCTAssertEqual(read.tokenizerOptions, options)
        let row = { (word: String) in Int32(base.words.firstIndex(of: word)! + 1) }
        XCTAssertEqual(read.encode("Film-GOOD"), [row("film"), row("good")])
        XCTAssertEqual(base.encode("Film-GOOD"), [0], "stripping joins the pieces into an unknown word")
    }

    /// Files written before `splitPunctuation` existed have no such header key: they still
    /// load, with the option off and the others as stored.
    func testHeaderWithoutSplitPunctuationStillLoads() throws {
        let path = directory + "/model.w2vc"
        try ClassifierFile.write(Self.smallClassifier(), to: path)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        let length = Int(bytes[12]) | Int(bytes[13]) << 8 | Int(bytes[14]) << 16 | Int(bytes[15]) << 24
        var header = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(bytes[16 ..< 16 + length])) as? [String: Any])
        XCTAssertEqual(header.removeValue(forKey: "splitPunctuation") as? Bool, false)
        let json = try [UInt8](JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
        var old = Array(bytes[0..<12])
        withUnsafeBytes(of: UInt32(json.count).littleEndian) { old += $0 }
        old += json
        old += bytes[(16 + length) ..< (bytes.count - 8)]
        withUnsafeBytes(of: ModelFileFrame.fnv1a(old[...]).littleEndian) { old += $0 }
        try Data(old).write(to: URL(fileURLWithPath: path))
        let read = try ClassifierFile.read(path).classifier
        XCTAssertEqual(read.tokenizerOptions, TokenizerOptions(lowercase: true, stripPunctuation: true))
        XCTAssertEqual(read.network.parameters, Self.smallClassifier().network.parameters)
    }

    func testDamagedFileIsRefused() throws {
        let path = directory + "/model.w2vc"
        try ClassifierFile.write(Self.smallClassifier(), to: path)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ClassifierFile.read(path)) { error in
            guard case RecurrentError.corruptModel(path, let reason) = error else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("checksum"), reason)
        }
        try Data(bytes.prefix(100)).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ClassifierFile.read(path)) { error in
            guard case RecurrentError.corruptModel = error else { return XCTFail("\(error)") }
        }
    }

    func testForeignAndNewerFilesAreRefused() throws {
        let path = directory + "/model.w2vc"
        try Data("2 3\nthe 0.1 0.2 0.3\n".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ClassifierFile.read(path)) { XCTAssertEqual($0 as? RecurrentError, .notAModel(path: path)) }
        try ClassifierFile.write(Self.smallClassifier(), to: path)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[8] = 2
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ClassifierFile.read(path)) {
            XCTAssertEqual($0 as? RecurrentError, .unsupportedVersion(path: path, found: 2, supported: 1))
        }
    }

    func testWrongVectorDimensionIsRefused() throws {
        let vectors = Embeddings(words: ["a"], dimension: 3, vectors: [1, 2, 3])
        XCTAssertNoThrow(try SentenceClassifier.requireDimension(of: vectors, path: "v.txt", expected: 3))
        XCTAssertNoThrow(try SentenceClassifier.requireDimension(of: vectors, path: "v.txt", expected: nil))
        XCTAssertThrowsError(try SentenceClassifier.requireDimension(of: vectors, path: "v.txt", expected: 100)) { error in
            XCTAssertEqual(error as? RecurrentError, .dimensionMismatch(path: "v.txt", expected: 100, found: 3))
            XCTAssertTrue("\(error)".contains("dimension 3, but 100 is required"), "\(error)")
        }
    }

    func testUnknownWordsShareRowZeroAndRandomInitKeepsTheScale() {
        let classifier = Self.smallClassifier()
        XCTAssertEqual(classifier.encode("the zebra film"), [1, 0, 2])
        XCTAssertEqual(classifier.encode("..."), [0], "an empty sentence is one unknown word")
        let words = (0..<400).map { "w\($0)" }
        var rng = SeededGenerator(seed: 2)
        let values = (0..<(400 * 10)).map { _ in Float(rng.gaussian() * 0.3) }
        let vectors = Embeddings(words: words, dimension: 10, vectors: values)
        let random = SentenceClassifier(vectors: vectors, labels: ["a", "b"], cell: .gru, bidirectional: false, layers: 1,
                                        hidden: 3, pooling: .final, initialisation: .random, tokenizerOptions: .init(), seed: 1)
        let table = Array(random.network.embeddings.dropFirst(10))
        XCTAssertNotEqual(table, values)
        let deviation = (table.reduce(0) { $0 + Double($1) * Double($1) } / Double(table.count)).squareRoot()
        XCTAssertEqual(deviation, 0.3, accuracy: 0.02)
    }
}

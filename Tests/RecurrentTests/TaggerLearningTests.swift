import Kernels
import Embeddings
import Foundation
import XCTest
@testable import Recurrent

/// A rule only a bidirectional tagger can learn, reproducible predictions at any thread
/// count, and the model file.
final class TaggerLearningTests: XCTestCase {
    /// Tokens 1...6 at random; the tag of a token is the NEXT token mod 3, and the last token's
    /// tag is 3. Reading left to right, a tagger cannot know the next token, so it stays near chance.
    static func data(_ count: Int, seed: UInt64) -> [TaggedExample] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let length = 4 + Int(rng.next() % 9)
            let words = (0..<length).map { _ in Int32(1 + rng.next() % 6) }
            let tags = (0..<length).map { t in t + 1 < length ? Int(words[t + 1] % 3) : 3 }
            let sentence = EncodedSentence(words: words, suffixes: [Int32](repeating: 0, count: length * TokenFeatures.suffixLengths),
                                           flags: [UInt16](repeating: 1, count: length))
            return TaggedExample(sentence: sentence, tags: tags)
        }
    }

    func train(bidirectional: Bool) -> Double {
        let configuration = TaggerConfiguration(cell: .gru, bidirectional: bidirectional, layers: 1, hidden: 12,
                                                wordDimension: 6, suffixDimension: 1, suffixBuckets: 1, tags: 4)
        var rng = SeededGenerator(seed: 5)
        var network = TaggerNetwork<Float>(configuration: configuration, embeddings: (0..<(7 * 6)).map { _ in Float(rng.gaussian() * 0.5) }, seed: 5)
        var options = TaggerTrainingOptions()
        options.epochs = 4
        options.patience = 0
        options.batchSize = 8
        options.learningRate = 0.01
        options.dropout = 0
        options.wordDropout = 0
        options.workers = 2
        _ = TaggerTrainer.train(&network, train: Self.data(400, seed: 1), dev: Self.data(100, seed: 2), options: options)
        return TaggerTrainer.accuracy(network, Self.data(300, seed: 3))
    }

    func testOnlyABidirectionalTaggerLearnsTheNextTokenRule() {
        let bi = train(bidirectional: true), forward = train(bidirectional: false)
        print("next-token rule: bidirectional \(bi), forward only \(forward)")
        XCTAssertGreaterThanOrEqual(bi, 0.97)
        // Chance: 1/3 on every token but the last (whose tag 3 a forward reader cannot tell either).
        XCTAssertLessThanOrEqual(forward, 0.45)
    }

    func testPredictionsDoNotDependOnThreads() {
        let network = TaggerGradientCheckTests.network(.lstm, bidirectional: true, layers: 2, seed: 9)
        let configuration = TaggerConfiguration(cell: .gru, hidden: 5, wordDimension: 6, suffixDimension: 1, suffixBuckets: 1, tags: 4)
        let floatNetwork = TaggerNetwork<Float>(configuration: configuration, embeddings: (0..<42).map { Float($0 % 7) / 7 - 0.4 }, seed: 3)
        let all = Self.data(150, seed: 4).map(\.sentence)
        XCTAssertGreaterThan(Set(all.map(\.count)).count, 1, "sentences of one length do not test the padding")
        for count in [0, 1, 5, 13, 40, 150] {
            let sentences = Array(all.prefix(count))
            let reference = TaggerTrainer.predict(floatNetwork, sentences, workers: 1)
            XCTAssertEqual(reference.map(\.count), sentences.map(\.count))
            for threads in ThreadCountTests.threadCounts {
                XCTAssertEqual(TaggerTrainer.predict(floatNetwork, sentences, workers: threads), reference, "\(count) sentences, \(threads) threads")
            }
        }
        let one = [TaggerGradientCheckTests.sentence]
        XCTAssertEqual(TaggerTrainer.predict(network, one, workers: 16), TaggerTrainer.predict(network, one, workers: 1))
    }

    /// Words first met at prediction time take the row the vectors give them; words the tagger
    /// has (as typed or lowercased) keep theirs, and the network's weights are untouched.
    func testAddingRowsForWordsTheTaggerLacks() throws {
        let vectors = Embeddings(words: ["the", "cat", "sat"], dimension: 2, vectors: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
        let tagger = SequenceTagger(vectors: vectors, tags: ["DET", "NN", "VBD"], trainingWords: ["the"], cell: .gru,
                                    bidirectional: false, layers: 1, hidden: 3, suffixDimension: 2, initialisation: .pretrained, seed: 4)
        let more = Embeddings(words: ["dog", "The", "ran", "cat"], dimension: 2, vectors: [9, 8, 7, 7, 6, 5, 4, 3])
        let (extended, added) = try tagger.adding(["The", "dog", "dog", "ran", "unknown"], from: more, path: "more.txt")
        XCTAssertEqual(added, 2, "dog once, ran; The is the's row, unknown has no vector")
        XCTAssertEqual(extended.words, tagger.words + ["dog", "ran"])
        XCTAssertEqual(extended.row("The"), tagger.row("The"))
        let d = 2, dog = Int(extended.row("dog")), ran = Int(extended.row("ran"))
        XCTAssertEqual(Array(extended.network.embeddings[dog * d..<(dog + 1) * d]), [9, 8])
        XCTAssertEqual(Array(extended.network.embeddings[ran * d..<(ran + 1) * d]), [6, 5])
        XCTAssertEqual(Array(extended.network.embeddings.prefix(tagger.network.embeddings.count)), tagger.network.embeddings)
        XCTAssertEqual(extended.network.parameters, tagger.network.parameters)
        XCTAssertEqual(tagger.row("dog"), 0)
        let wide = Embeddings(words: ["dog"], dimension: 3, vectors: [1, 2, 3])
        XCTAssertThrowsError(try tagger.adding(["dog"], from: wide, path: "wide.txt")) {
            XCTAssertEqual($0 as? RecurrentError, .dimensionMismatch(path: "wide.txt", expected: 2, found: 3))
        }
    }

    func testModelFileRoundTripAndDamage() throws {
        let vectors = Embeddings(words: ["the", "cat", "sat"], dimension: 2, vectors: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6])
        let tagger = SequenceTagger(vectors: vectors, tags: ["DET", "NN", "VBD"], trainingWords: ["The", "cat"], cell: .gru,
                                    bidirectional: true, layers: 1, hidden: 3, suffixDimension: 2, initialisation: .pretrained, seed: 4)
        XCTAssertEqual(tagger.row("The"), 1)
        XCTAssertEqual(tagger.row("dog"), 0)
        let path = NSTemporaryDirectory() + "/tagger-\(getpid()).model"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TaggerFile.write(tagger, provenance: ["seed": "4"], to: path)
        let (read, provenance) = try TaggerFile.read(path)
        XCTAssertEqual(provenance, ["seed": "4"])
        XCTAssertEqual(read.words, tagger.words)
        XCTAssertEqual(read.tags, tagger.tags)
        XCTAssertEqual(read.trainingWords, tagger.trainingWords)
        XCTAssertEqual(read.network.parameters, tagger.network.parameters)
        XCTAssertEqual(read.network.embeddings, tagger.network.embeddings)
        XCTAssertEqual(read.network.configuration, tagger.network.configuration)
        let sentence = ["The", "cat", "sat", "quietly"]
        XCTAssertEqual(read.predict([sentence]), tagger.predict([sentence]))
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count / 2] ^= 0x10
        try bytes.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try TaggerFile.read(path)) { error in
            guard case .corruptModel = error as? RecurrentError else { return XCTFail("\(error)") }
        }
        try Data("W2VRNNCL".utf8 + [UInt8](repeating: 0, count: 30)).write(to: URL(fileURLWithPath: path))
        // A classifier's magic: named as the other kind (issue 21, defect 10), not "bad magic".
        XCTAssertThrowsError(try TaggerFile.read(path)) {
            guard case .wrongModelKind(path, _, _)? = $0 as? RecurrentError else { return XCTFail("\($0)") }
        }
        let data = [TaggedSentence(tokens: ["the", "cat"], tags: ["DET", "XX"], path: "t.tsv", lines: [4, 5]),
                    TaggedSentence(tokens: ["cat"], tags: ["YY"], path: "t.tsv", lines: [7])]
        XCTAssertThrowsError(try tagger.encode(data)) {
            XCTAssertEqual($0 as? RecurrentError, .unknownTags(path: "t.tsv", line: 5, tags: ["XX", "YY"], known: ["DET", "NN", "VBD"]))
        }
    }
}

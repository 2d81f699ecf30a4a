import XCTest
import Corpus
import Embeddings
@testable import SkipGram

/// CBOW and subword runs end to end on the shipped slice: one-thread runs byte-identical per
/// seed, the vectors written to a fastText `.bin` read back the same, and checkpoints refused.
final class ModelTrainingTests: XCTestCase {
    func configuration(_ model: TrainingConfiguration.ModelKind, subwords: ClosedRange<Int>?, seed: UInt64 = 7,
                       loss: TrainingConfiguration.LossKind = .negativeSampling) -> TrainingConfiguration {
        var c = TrainingFixture.configuration(epochs: 1, seed: seed)
        c.loss = loss
        c.model = model
        c.alpha = model.defaultAlpha
        c.subwords = subwords
        c.buckets = 20_000
        return c
    }

    /// The first 300 kB of the fixture's slice: enough words for every model and n-gram path,
    /// a quarter of the fixture's training time in a debug build.
    static let small: LoadedCorpus = {
        try! CorpusLoader.load(bytes: TrainingFixture.slice(bytes: 300_000), name: "small", options: CorpusOptions(minCount: 5))
    }()

    /// The first 100 kB, for the fifteen runs of the byte-identity test: still every model,
    /// loss and n-gram path, over a vocabulary of hundreds of words.
    static let tiny: LoadedCorpus = {
        try! CorpusLoader.load(bytes: TrainingFixture.slice(bytes: 100_000), name: "tiny", options: CorpusOptions(minCount: 5))
    }()

    func trained(_ c: TrainingConfiguration, corpus: LoadedCorpus = TrainingFixture.corpus) throws -> Trainer {
        let trainer = try Trainer(configuration: c, vocabulary: corpus.vocabulary, corpus: corpus.corpus)
        XCTAssertTrue(try trainer.train().completed)
        return trainer
    }

    func testEveryModelIsByteIdenticalWithOneThread() throws {
        let runs: [(TrainingConfiguration.ModelKind, ClosedRange<Int>?, TrainingConfiguration.LossKind)] = [
            (.cbow, nil, .negativeSampling), (.skipGram, 3...6, .negativeSampling), (.cbow, 3...6, .negativeSampling),
            (.skipGram, nil, .hierarchicalSoftmax), (.cbow, 3...6, .hierarchicalSoftmax)]
        XCTAssertGreaterThan(Self.tiny.vocabulary.count, 200)
        for (model, subwords, loss) in runs {
            let a = try trained(configuration(model, subwords: subwords, loss: loss), corpus: Self.tiny)
            let b = try trained(configuration(model, subwords: subwords, loss: loss), corpus: Self.tiny)
            XCTAssertEqual(TrainingFixture.bits(a), TrainingFixture.bits(b), "\(model) \(String(describing: subwords)) \(loss)")
            let c = try trained(configuration(model, subwords: subwords, seed: 8, loss: loss), corpus: Self.tiny)
            XCTAssertNotEqual(TrainingFixture.bits(a), TrainingFixture.bits(c), "another seed must differ")
            XCTAssertTrue(a.states.allSatisfy { $0.loss.isFinite && $0.pairs > 0 })
        }
    }

    func testModelsDiffer() throws {
        let small = Self.small
        let sg = try trained(configuration(.skipGram, subwords: nil), corpus: small)
        let cbow = try trained(configuration(.cbow, subwords: nil), corpus: small)
        XCTAssertNotEqual(TrainingFixture.bits(sg), TrainingFixture.bits(cbow))
        XCTAssertEqual(sg.input.rows, small.vocabulary.count)
        let sub = try trained(configuration(.skipGram, subwords: 3...6), corpus: small)
        XCTAssertEqual(sub.input.rows, small.vocabulary.count + 20_000, "W = words + buckets rows")
    }

    /// The `.bin` holds W with its buckets: read back, every vocabulary word's vector is the
    /// trainer's exported one, and an unseen word is the mean of its n-grams' rows of W.
    func testSaveModelRoundTrip() throws {
        let trainer = try trained(configuration(.skipGram, subwords: 3...6), corpus: Self.small)
        let path = try TrainingFixture.temporaryDirectory("ftbin") + "/m.bin"
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        try trainer.writeModel(to: path)
        let model = try FastTextBinaryFormat.readModel(path: path)
        XCTAssertEqual(model.words, trainer.vocabulary.words)
        XCTAssertEqual(model.arguments.ngramLengths, 3...6)
        XCTAssertEqual(model.arguments.buckets, 20_000)
        let e = trainer.embeddings()
        for word in e.words.prefix(50) {
            let got = try XCTUnwrap(model.vector(word))
            for (x, y) in zip(got, e.vector(word)!) { XCTAssertEqual(x, y, accuracy: 1e-6, word) }
        }
        let unseen = "zqxjunseen"
        XCTAssertNil(e.row(of: unseen))
        let rows = trainer.subwords!.rows(ofUnseen: unseen)
        XCTAssertEqual(model.rows(of: unseen), rows)
        let d = trainer.configuration.dimension
        var mean = [Float](repeating: 0, count: d)
        for r in rows { for k in 0..<d { mean[k] += trainer.input.row(Int(r))[k] } }
        let got = try XCTUnwrap(model.vector(unseen))
        for k in 0..<d { XCTAssertEqual(got[k], mean[k] / Float(rows.count), accuracy: 1e-6) }
        // Output rows are C.
        XCTAssertEqual(Array(model.output.prefix(d)), Array(UnsafeBufferPointer(start: trainer.output.row(0), count: d)))
    }

    func testCheckpointsRefuseNewModels() throws {
        let trainer = try TrainingFixture.trainer(configuration(.cbow, subwords: nil))
        XCTAssertThrowsError(try trainer.writeCheckpoint(to: NSTemporaryDirectory() + "never.ckpt", source: TrainingFixture.source)) {
            XCTAssertEqual($0 as? SkipGramError, .checkpointUnsupported(model: "cbow"))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: NSTemporaryDirectory() + "never.ckpt"))
        let hs = try TrainingFixture.trainer(configuration(.skipGram, subwords: nil, loss: .hierarchicalSoftmax))
        XCTAssertThrowsError(try hs.writeCheckpoint(to: NSTemporaryDirectory() + "never.ckpt", source: TrainingFixture.source)) {
            XCTAssertEqual($0 as? SkipGramError, .checkpointUnsupported(model: "skipgram with hierarchical softmax"))
        }
    }
}

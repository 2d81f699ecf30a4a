import XCTest
import Corpus
@testable import SkipGram

/// A run that blows up stops with advice and never replaces the last good checkpoint.
final class DivergenceTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws { directory = try TrainingFixture.temporaryDirectory("divergence") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: directory) }

    private func contents(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    /// alpha 9 on a tiny corpus overflows within the first interval: `train` throws
    /// `diverged` naming --alpha, and a checkpoint written before stays byte for byte.
    func testHugeAlphaDivergesAndKeepsTheGoodCheckpoint() throws {
        let text = String(repeating: "the cat sat on the mat and the dog sat on the log\n", count: 400)
        let loaded = try CorpusLoader.load(bytes: Array(text.utf8), name: "tiny", options: CorpusOptions(minCount: 1))
        var configuration = TrainingFixture.configuration(epochs: 50)
        configuration.alpha = 9
        configuration.dimension = 50
        let trainer = try Trainer(configuration: configuration, vocabulary: loaded.vocabulary, corpus: loaded.corpus)
        let path = directory + "/good.ckpt"
        let source = CorpusSource(path: "tiny", byteCount: text.utf8.count, options: CorpusOptions(minCount: 1))
        try trainer.writeCheckpoint(to: path, source: source)
        let good = try contents(path)
        var callbacks = 0
        XCTAssertThrowsError(try trainer.train(interval: 0.001, checkpointEvery: 0.001) { t in
            callbacks += 1
            try t.writeCheckpoint(to: path, source: source)
        }) { error in
            guard case .diverged? = error as? SkipGramError else { return XCTFail("\(error)") }
            XCTAssertTrue("\(error)".contains("with alpha ") && !"\(error)".contains("--"), "\(error)")
        }
        XCTAssertTrue(trainer.hasDiverged)
        // Whatever was saved before the blow-up was finite; the state after it is refused.
        XCTAssertThrowsError(try trainer.writeCheckpoint(to: path, source: source)) {
            guard case .diverged? = $0 as? SkipGramError else { return XCTFail("\($0)") }
        }
        let kept = try Checkpoint.read(path: path)
        XCTAssertTrue(kept.input.allSatisfy(\.isFinite) && kept.output.allSatisfy(\.isFinite))
        if callbacks == 0 { XCTAssertEqual(try contents(path), good) }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["good.ckpt"])
    }

    /// A NaN injected into C (as a hardware fault or a bug would leave it) is caught before
    /// any checkpoint is written, even though the loss had looked fine.
    func testInjectedNaNIsNeverCheckpointed() throws {
        let trainer = try TrainingFixture.trainer(TrainingFixture.configuration(epochs: 1))
        let path = directory + "/run.ckpt"
        try trainer.writeCheckpoint(to: path, source: TrainingFixture.source)
        let good = try contents(path)
        trainer.output.row(3)[2] = .nan
        XCTAssertThrowsError(try trainer.writeCheckpoint(to: path, source: TrainingFixture.source))
        XCTAssertEqual(try contents(path), good)
        // And `train` reports it at its end-of-segment check.
        let fresh = try TrainingFixture.trainer(TrainingFixture.configuration(epochs: 1))
        fresh.input.row(0)[0] = .infinity
        XCTAssertThrowsError(try fresh.train()) {
            guard case .diverged? = $0 as? SkipGramError else { return XCTFail("\($0)") }
        }
    }
}

/// The sigmoid table on the values a diverging run produces.
final class SigmoidTableNonFiniteTests: XCTestCase {
    /// NaN used to be converted to a table index (undefined; a crash in the optimised
    /// build); it must come back as a NaN loss the trainer can detect.
    func testNaNAndInfinityGiveNonFiniteLossNotACrash() {
        let table = SigmoidTable()
        for x: Float in [.nan, .infinity, -.infinity] {
            for positive in [true, false] {
                var loss: Float = 0
                _ = table.gradient(x, positive: positive, loss: &loss)
                if x.isNaN || x > 0 || positive { // -log(1 - sigma(-inf)) = 0 is the one finite case
                    XCTAssertFalse(loss.isFinite, "x \(x) positive \(positive): loss \(loss)")
                }
            }
        }
        // Finite values far out keep word2vec.c's rule and exact loss bookkeeping.
        var loss: Float = 0
        XCTAssertEqual(table.gradient(7, positive: true, loss: &loss), 0)
        XCTAssertEqual(loss, 0)
        XCTAssertEqual(table.gradient(7, positive: false, loss: &loss), -1)
        XCTAssertEqual(loss, 7)
    }
}

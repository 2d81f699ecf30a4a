import XCTest
import Corpus
@testable import SkipGram

/// One-thread runs are a pure function of configuration, corpus and seed, and stopping,
/// checkpointing and resuming changes nothing: every comparison here is bit for bit.
final class ReproducibilityTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws { directory = try TrainingFixture.temporaryDirectory("reproducibility") }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: directory) }

    private func uninterrupted(_ configuration: TrainingConfiguration = TrainingFixture.configuration()) throws -> Trainer {
        let trainer = try TrainingFixture.trainer(configuration)
        let summary = try trainer.train()
        XCTAssertTrue(summary.completed)
        return trainer
    }

    func testSameSeedTwiceIsByteIdentical() throws {
        try requireLongTests()
        let a = try uninterrupted(), b = try uninterrupted()
        XCTAssertEqual(TrainingFixture.bits(a), TrainingFixture.bits(b))
        XCTAssertEqual(a.states, b.states)
        // The comparison can tell: another seed gives other vectors.
        let c = try uninterrupted(TrainingFixture.configuration(seed: 8))
        XCTAssertNotEqual(TrainingFixture.bits(a), TrainingFixture.bits(c))
    }

    /// Stop at a pause, write a checkpoint, read it into a brand-new trainer, continue; again
    /// and again until done: the result equals the uninterrupted run bit for bit, and the
    /// learning rate went on from where it was (it is a function of the restored counter).
    func testInterruptedAndResumedThroughFilesIsByteIdentical() throws {
        try requireLongTests()
        let reference = try uninterrupted()
        let path = directory + "/run.ckpt"
        var trainer = try TrainingFixture.trainer()
        var resumes = 0
        var alphas: [Double] = []
        while true {
            let summary = try trainer.train(checkpointEvery: 0.005) { running in
                running.requestStop()
            }
            if summary.completed { break }
            XCTAssertGreaterThan(trainer.wordsProcessed, 0)
            try trainer.writeCheckpoint(to: path, source: TrainingFixture.source)
            alphas.append(trainer.alpha)
            let checkpoint = try Checkpoint.read(path: path)
            XCTAssertEqual(checkpoint.header.wordsProcessed, trainer.wordsProcessed)
            XCTAssertEqual(checkpoint.header.alpha, trainer.alpha)
            trainer = try Trainer(checkpoint: checkpoint, path: path, vocabulary: TrainingFixture.corpus.vocabulary,
                                  corpus: TrainingFixture.corpus.corpus)
            XCTAssertEqual(trainer.alpha, alphas.last, "a resumed run continues the schedule, not a restart of alpha")
            resumes += 1
        }
        XCTAssertGreaterThanOrEqual(resumes, 2, "the run should have been stopped and resumed several times")
        XCTAssertEqual(alphas, alphas.sorted(by: >), "alpha only decays")
        XCTAssertEqual(TrainingFixture.bits(trainer), TrainingFixture.bits(reference))
        XCTAssertEqual(trainer.states, reference.states)
        XCTAssertEqual(trainer.wordsProcessed, reference.wordsProcessed)
    }

    /// Periodic checkpoints pause the workers; the pauses leave no trace in the result.
    func testPeriodicPausesLeaveNoTrace() throws {
        try requireLongTests()
        let reference = try uninterrupted()
        let trainer = try TrainingFixture.trainer()
        var pauses = 0
        let summary = try trainer.train(checkpointEvery: 0.01) { _ in pauses += 1 }
        XCTAssertTrue(summary.completed)
        XCTAssertGreaterThanOrEqual(pauses, 1)
        XCTAssertEqual(summary.wordsProcessed, reference.wordsProcessed)
        XCTAssertEqual(TrainingFixture.bits(trainer), TrainingFixture.bits(reference))
    }

    /// A stop requested before `train` stops it at once and is consumed, so the next call continues.
    func testStopBeforeTrainIsHonouredThenConsumed() throws {
        let trainer = try TrainingFixture.trainer(TrainingFixture.configuration(epochs: 1))
        trainer.requestStop()
        let first = try trainer.train()
        XCTAssertFalse(first.completed)
        XCTAssertEqual(first.wordsProcessed, 0)
        let second = try trainer.train()
        XCTAssertTrue(second.completed)
        XCTAssertEqual(second.wordsProcessed, TrainingFixture.corpus.corpus.wordCount)
    }

    func testResumeRefusesAnotherCorpus() throws {
        let trainer = try TrainingFixture.trainer(TrainingFixture.configuration(epochs: 1))
        let path = directory + "/one.ckpt"
        try trainer.writeCheckpoint(to: path, source: TrainingFixture.source)
        let checkpoint = try Checkpoint.read(path: path)
        // Same vocabulary, different id stream: the last sentence dropped.
        let bytes = try TrainingFixture.slice()
        let shorter = Array(bytes[..<(bytes.count - 2000)])
        let other = try CorpusLoader.load(bytes: shorter, name: "other", options: CorpusOptions(minCount: 5))
        XCTAssertThrowsError(try Trainer(checkpoint: checkpoint, path: path, vocabulary: TrainingFixture.corpus.vocabulary, corpus: other.corpus)) {
            guard case .checkpointMismatch(let p, let reason)? = $0 as? SkipGramError else { return XCTFail("\($0)") }
            XCTAssertEqual(p, path)
            XCTAssertTrue(reason.contains("slice"), reason)
        }
        XCTAssertThrowsError(try Trainer(checkpoint: checkpoint, path: path, vocabulary: other.vocabulary, corpus: other.corpus)) {
            guard case .checkpointMismatch? = $0 as? SkipGramError else { return XCTFail("\($0)") }
        }
    }
}

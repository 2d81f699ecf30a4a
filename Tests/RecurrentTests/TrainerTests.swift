import Embeddings
import XCTest
@testable import Recurrent

/// The training loop: reproducible for a seed whatever the thread timing, and early
/// stopping hands back the best epoch's weights.
final class TrainerTests: XCTestCase {
    func run(seed: UInt64, epochs: Int, patience: Int) -> (RecurrentNetwork<Float>, TrainingResult, [LabelledSequence]) {
        // The order task with 30% of labels flipped: dev accuracy plateaus near 0.7 and wanders.
        var noise = SeededGenerator(seed: 23)
        func noisy(_ s: [LabelledSequence]) -> [LabelledSequence] {
            s.map { noise.uniform() < 0.3 ? LabelledSequence(tokens: $0.tokens, label: 1 - $0.label) : $0 }
        }
        let train = noisy(MemoryTaskTests.sequences(300, seed: 21)), dev = noisy(MemoryTaskTests.sequences(100, seed: 22))
        let configuration = NetworkConfiguration(cell: .gru, bidirectional: true, layers: 1, hidden: 6,
                                                 pooling: .max, embeddingDimension: 4, classes: 2)
        var rng = SeededGenerator(seed: 9)
        var network = RecurrentNetwork<Float>(configuration: configuration,
                                              embeddings: (0..<44).map { _ in Float(rng.gaussian() * 0.5) }, seed: seed)
        var options = TrainingOptions()
        options.epochs = epochs
        options.patience = patience
        options.batchSize = 8
        options.learningRate = 0.05  // large enough for dev accuracy to wander, so that the best epoch is not the last
        options.dropout = 0.3
        options.seed = seed
        options.workers = 2
        let result = Trainer.train(&network, train: train, dev: dev, options: options)
        return (network, result, dev)
    }

    func testSameSeedSameWeights() {
        let (a, _, _) = run(seed: 3, epochs: 2, patience: 0)
        let (b, _, _) = run(seed: 3, epochs: 2, patience: 0)
        let (c, _, _) = run(seed: 4, epochs: 2, patience: 0)
        XCTAssertEqual(a.parameters, b.parameters)
        XCTAssertEqual(a.embeddings, b.embeddings)
        XCTAssertNotEqual(a.parameters, c.parameters)
    }

    func testEarlyStoppingKeepsTheBestEpoch() {
        let (network, result, dev) = run(seed: 5, epochs: 8, patience: 2)
        let best = result.reports.max { ($0.devAccuracy, -$0.devLoss) < ($1.devAccuracy, -$1.devLoss) }!
        XCTAssertEqual(result.bestEpoch, best.epoch)
        XCTAssertTrue(result.stoppedEarly, "dev accuracy never stalled for 2 epochs; the test proves nothing")
        XCTAssertEqual(result.reports.last!.epoch - result.bestEpoch, 2)
        let (loss, accuracy) = Trainer.evaluate(network, dev)
        XCTAssertEqual(accuracy, best.devAccuracy, accuracy: 1e-12)
        XCTAssertEqual(loss, best.devLoss, accuracy: 1e-9)
    }
}

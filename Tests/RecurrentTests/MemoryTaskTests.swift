import Embeddings
import XCTest
@testable import Recurrent

/// A sequence task that needs memory across 20+ steps and that no bag-of-words model can
/// do better than chance on: each 25-token sequence holds the two marker tokens A and B
/// exactly once, both within its first three positions, then only random filler tokens.
/// The label is which marker came first. Every sequence has the same marker counts and
/// the fillers are drawn independently of the label, so the bag of words carries no
/// information about the label; a unidirectional network reading its final state must
/// carry the order of the markers across at least 22 filler steps.
final class MemoryTaskTests: XCTestCase {
    static let a: Int32 = 1, b: Int32 = 2
    static let fillers: ClosedRange<Int32> = 3...10
    static let length = 25

    static func sequences(_ count: Int, seed: UInt64) -> [LabelledSequence] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            var tokens = (0..<length).map { _ in Int32.random(in: fillers, using: &rng) }
            let label = Int(rng.next() & 1)
            var slots = [0, 1, 2]
            slots.shuffle(using: &rng)
            let (first, second) = (min(slots[0], slots[1]), max(slots[0], slots[1]))
            tokens[first] = label == 0 ? a : b
            tokens[second] = label == 0 ? b : a
            return LabelledSequence(tokens: tokens, label: label)
        }
    }

    func testGRULearnsLongRangeOrder() throws {
        try requireLongTests()
        learn(.gru)
    }
    func testLSTMLearnsLongRangeOrder() throws {
        try requireLongTests()
        learn(.lstm)
    }

    private func learn(_ cell: CellKind) {
        let train = Self.sequences(1200, seed: 1), dev = Self.sequences(200, seed: 2), test = Self.sequences(400, seed: 3)
        let configuration = NetworkConfiguration(cell: cell, bidirectional: false, layers: 1, hidden: 12,
                                                 pooling: .final, embeddingDimension: 6, classes: 2)
        var rng = SeededGenerator(seed: 7)
        let table = (0..<(11 * 6)).map { _ in Float(rng.gaussian() * 0.5) }
        var network = RecurrentNetwork<Float>(configuration: configuration, embeddings: table, seed: 7)
        var options = TrainingOptions()
        options.epochs = 20
        options.batchSize = 16
        options.learningRate = 0.01
        options.dropout = 0
        options.patience = 0
        let result = Trainer.train(&network, train: train, dev: dev, options: options)
        let accuracy = Trainer.evaluate(network, test).accuracy
        XCTAssertGreaterThanOrEqual(accuracy, 0.95, "\(cell): test accuracy \(accuracy) after \(result.reports.count) epochs")
        print("memory task \(cell): test accuracy \(accuracy), epochs \(result.reports.map { ($0.trainAccuracy, $0.devAccuracy) })")
    }

    /// The task really defeats bag-of-words: a logistic regression on token counts,
    /// trained to convergence, stays at chance on held-out sequences.
    func testBagOfWordsStaysAtChance() {
        let accuracy = Self.bagOfWordsAccuracy(train: Self.sequences(1200, seed: 1), test: Self.sequences(400, seed: 3))
        XCTAssertLessThanOrEqual(accuracy, 0.6)
        XCTAssertGreaterThanOrEqual(accuracy, 0.4)
    }

    /// Logistic regression on the count vector, full-batch gradient descent.
    static func bagOfWordsAccuracy(train: [LabelledSequence], test: [LabelledSequence]) -> Double {
        func counts(_ s: LabelledSequence) -> [Double] {
            var c = [Double](repeating: 0, count: 11)
            for t in s.tokens { c[Int(t)] += 1 }
            return c
        }
        var w = [Double](repeating: 0, count: 11), bias = 0.0
        let x = train.map(counts), y = train.map { Double($0.label) }
        for _ in 0..<100 {
            var gw = [Double](repeating: 0, count: 11), gb = 0.0
            for (xi, yi) in zip(x, y) {
                let z = zip(w, xi).reduce(bias) { $0 + $1.0 * $1.1 }
                let error = 1 / (1 + Foundation.exp(-z)) - yi
                for k in 0..<11 { gw[k] += error * xi[k] }
                gb += error
            }
            for k in 0..<11 { w[k] -= 0.05 * gw[k] / Double(x.count) }
            bias -= 0.05 * gb / Double(x.count)
        }
        let correct = test.filter { s in
            let z = zip(w, counts(s)).reduce(bias) { $0 + $1.0 * $1.1 }
            return (z > 0 ? 1 : 0) == s.label
        }.count
        return Double(correct) / Double(test.count)
    }
}

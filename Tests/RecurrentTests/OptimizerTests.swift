import XCTest
@testable import Recurrent

/// One update of each optimiser against the formulas written out by hand, in Double, and
/// frozen embedding rows staying put.
final class OptimizerTests: XCTestCase {
    let configuration = NetworkConfiguration(cell: .rnn, bidirectional: false, layers: 1, hidden: 2,
                                             pooling: .final, embeddingDimension: 2, classes: 2)

    func gradient(for network: RecurrentNetwork<Double>) -> Gradient<Double> {
        var g = Gradient<Double>(parameterCount: network.layout.count, dimension: 2)
        _ = network.accumulateGradient([1, 2, 1], label: 0, into: &g)
        return g
    }

    func testAdamTwoStepsMatchTheFormula() {
        let start: RecurrentNetwork<Double> = TestNetworks.random(configuration, vocabulary: 3, seed: 4)
        var network = start
        var adam = Optimizer<Double>(kind: .adam, learningRate: 0.01, clip: 0, l2: 0, layout: start.layout, embeddingCount: start.embeddings.count)
        let g1 = gradient(for: network)
        var g = g1
        adam.step(&network, gradient: &g)
        let g2 = gradient(for: network)
        g = g2
        adam.step(&network, gradient: &g)
        for i in [0, 3, start.layout.dense.offset + 1, start.layout.denseBias.offset] {
            var m = 0.0, v = 0.0, w = start.parameters[i]
            for (t, gi) in [g1.parameters[i], g2.parameters[i]].enumerated() {
                m = 0.9 * m + 0.1 * gi
                v = 0.999 * v + 0.001 * gi * gi
                let mHat = m / (1 - pow(0.9, Double(t + 1))), vHat = v / (1 - pow(0.999, Double(t + 1)))
                // The efficient form of Kingma & Ba (end of section 2): epsilon is added to sqrt(v), not sqrt(vHat).
                w -= 0.01 * mHat / (vHat.squareRoot() + 1e-8 / (1 - pow(0.999, Double(t + 1))).squareRoot())
            }
            XCTAssertEqual(network.parameters[i], w, accuracy: 1e-12, "parameter \(i)")
        }
        XCTAssertNotEqual(network.embeddings[2], start.embeddings[2])
    }

    func testSGDMomentumL2AndClipping() {
        let start: RecurrentNetwork<Double> = TestNetworks.random(configuration, vocabulary: 3, seed: 5)
        var network = start
        var sgd = Optimizer<Double>(kind: .sgd(momentum: 0.5), learningRate: 0.1, clip: 0, l2: 0.01,
                                    layout: start.layout, embeddingCount: start.embeddings.count)
        let g1 = gradient(for: network)
        var g = g1
        sgd.step(&network, gradient: &g)
        let afterOne = network
        let g2 = gradient(for: network)
        g = g2
        sgd.step(&network, gradient: &g)
        let weight = start.layout.dense.offset, bias = start.layout.denseBias.offset
        // Weight: decayed; bias: not.
        let d1 = g1.parameters[weight] + 0.01 * start.parameters[weight]
        let d2 = g2.parameters[weight] + 0.01 * afterOne.parameters[weight]
        XCTAssertEqual(network.parameters[weight], start.parameters[weight] - 0.1 * d1 - 0.1 * (0.5 * d1 + d2), accuracy: 1e-12)
        let b1 = g1.parameters[bias], b2 = g2.parameters[bias]
        XCTAssertEqual(network.parameters[bias], start.parameters[bias] - 0.1 * b1 - 0.1 * (0.5 * b1 + b2), accuracy: 1e-12)

        // Clipping rescales the whole gradient to norm `clip`.
        var clipped = start
        var small = Optimizer<Double>(kind: .sgd(momentum: 0), learningRate: 1, clip: 1e-3, l2: 0,
                                      layout: start.layout, embeddingCount: start.embeddings.count)
        g = g1
        let norm = small.step(&clipped, gradient: &g)
        XCTAssertEqual(norm, g1.squaredNorm.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(TestNetworks.distance(clipped, start), 1e-3, accuracy: 1e-12)
    }

    func testFrozenRowsDoNotMove() {
        let start: RecurrentNetwork<Double> = TestNetworks.random(configuration, vocabulary: 3, seed: 6)
        var g = Gradient<Double>(parameterCount: start.layout.count, dimension: 2)
        _ = start.accumulateGradient([0, 1, 2], label: 1, frozenRows: 1..<3, into: &g)
        XCTAssertEqual(g.rows, [0])
        var network = start
        var adam = Optimizer<Double>(kind: .adam, learningRate: 0.1, clip: 5, l2: 0, layout: start.layout, embeddingCount: start.embeddings.count)
        adam.step(&network, gradient: &g)
        XCTAssertEqual(Array(network.embeddings[2...]), Array(start.embeddings[2...]))
        XCTAssertNotEqual(Array(network.embeddings[..<2]), Array(start.embeddings[..<2]))
    }
}

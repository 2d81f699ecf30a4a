import Embeddings
import XCTest
@testable import Recurrent

/// Gradient clipping by global norm (Pascanu et al. 2013) on a deliberately exploding
/// setup: an Elman RNN whose recurrent matrix is 3 I, fed 60 steps of tiny inputs so the
/// states stay in tanh's linear range and the gradient of the first inputs grows like
/// 3^59 (about 1e28: its square overflows Float).
final class ClippingTests: XCTestCase {
    func makeExploding() -> (RecurrentNetwork<Float>, [LabelledSequence]) {
        let configuration = NetworkConfiguration(cell: .rnn, bidirectional: false, layers: 1, hidden: 3,
                                                 pooling: .final, embeddingDimension: 3, classes: 2)
        var rng = SeededGenerator(seed: 3)
        let table = (0..<(4 * 3)).map { _ in Float(rng.uniform() * 2 - 1) * 1e-30 }
        var network = RecurrentNetwork<Float>(configuration: configuration, embeddings: table, seed: 3)
        let u = network.layout.directions[0][0].recurrent
        for i in u.range { network.parameters[i] = 0 }
        for k in 0..<3 { network.parameters[u.offset + k * 3 + k] = 3 }
        let examples = (0..<8).map { i in
            LabelledSequence(tokens: (0..<60).map { _ in Int32.random(in: 1...3, using: &rng) }, label: i % 2)
        }
        return (network, examples)
    }

    func testClippingKeepsExplodingTrainingFinite() {
        let (start, examples) = makeExploding()
        var gradient = Gradient<Float>(parameterCount: start.layout.count, dimension: 3)
        for e in examples { _ = start.accumulateGradient(e.tokens, label: e.label, into: &gradient) }
        XCTAssertGreaterThan(gradient.squaredNorm.squareRoot(), 1e20, "the setup does not explode; the test proves nothing")

        // Without clipping one plain SGD step throws the weights astronomically far.
        var unclipped = start
        var sgd = Optimizer<Float>(kind: .sgd(momentum: 0), learningRate: 0.1, clip: 0, l2: 0,
                                   layout: start.layout, embeddingCount: start.embeddings.count)
        var g = gradient
        sgd.step(&unclipped, gradient: &g)
        XCTAssertGreaterThan(TestNetworks.distance(unclipped, start), 1e18)

        // With clipping every step moves at most learningRate * clip, and training stays finite.
        var network = start
        var clipped = Optimizer<Float>(kind: .sgd(momentum: 0), learningRate: 0.1, clip: 1, l2: 0,
                                       layout: start.layout, embeddingCount: start.embeddings.count)
        for _ in 0..<20 {
            let before = network
            var g = Gradient<Float>(parameterCount: start.layout.count, dimension: 3)
            for e in examples { _ = network.accumulateGradient(e.tokens, label: e.label, into: &g) }
            clipped.step(&network, gradient: &g)
            XCTAssertLessThanOrEqual(TestNetworks.distance(network, before), 0.1 * 1.0001)
        }
        XCTAssertTrue(network.parameters.allSatisfy(\.isFinite) && network.embeddings.allSatisfy(\.isFinite))
        for e in examples { XCTAssertTrue(network.loss(e.tokens, label: e.label).isFinite) }
    }
}

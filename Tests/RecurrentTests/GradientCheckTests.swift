import Embeddings
import XCTest
@testable import Recurrent

/// Backpropagation through time against central finite differences, in Double: every
/// parameter tensor and every embedding row a sentence uses, for each cell type,
/// unidirectional and bidirectional, one and two layers, each pooling, with and without
/// a dropout mask.
final class GradientCheckTests: XCTestCase {
    /// Largest tolerated relative error, per tensor, |analytic - numeric| / (|analytic| + |numeric|) in the 2-norm.
    let tolerance = 1e-6

    func testElman() { checkAll(.rnn) }
    func testGRU() { checkAll(.gru) }
    func testLSTM() { checkAll(.lstm) }
    func testMGU() { checkAll(.mgu) }

    /// Max pooling routes the gradient through one step per component, so it gets more
    /// components (8) for every step of the test sentence to win at least one.
    private func checkAll(_ cell: CellKind) {
        let shapes: [(bidirectional: Bool, layers: Int, pooling: Pooling, dropout: Bool)] = [
            (false, 1, .final, false),
            (true, 1, .final, true),
            (true, 2, .mean, false),
            (false, 2, .max, false),
            (true, 1, .max, true),
            (true, 2, .final, false),
        ]
        for (i, shape) in shapes.enumerated() {
            let configuration = NetworkConfiguration(cell: cell, bidirectional: shape.bidirectional, layers: shape.layers,
                                                     hidden: shape.pooling == .max ? 8 : 4, pooling: shape.pooling, embeddingDimension: 3, classes: 3)
            check(configuration, dropout: shape.dropout, seed: UInt64(200 + i))
        }
    }

    private func check(_ configuration: NetworkConfiguration, dropout: Bool, seed: UInt64) {
        var network: RecurrentNetwork<Double> = TestNetworks.random(configuration, vocabulary: 7, seed: seed)
        let tokens: [Int32] = [0, 2, 5, 1, 2, 6, 0]  // rows 0 and 2 repeat; rows 3 and 4 unused
        let label = 1
        var rng = SeededGenerator(seed: seed ^ 0xABC)
        let mask: [Double]? = dropout ? (0..<configuration.outputWidth).map { _ in rng.uniform() < 0.3 ? 0 : 1 / 0.7 } : nil
        var gradient = Gradient<Double>(parameterCount: network.layout.count, dimension: configuration.embeddingDimension)
        let (loss, _) = network.accumulateGradient(tokens, label: label, dropoutMask: mask, into: &gradient)
        XCTAssertEqual(loss, network.loss(tokens, label: label, dropoutMask: mask), accuracy: 1e-12)
        let name = "\(configuration.cell) bi=\(configuration.bidirectional) layers=\(configuration.layers) pool=\(configuration.pooling) dropout=\(dropout)"
        func slope(_ weights: WritableKeyPath<RecurrentNetwork<Double>, [Double]>, _ i: Int) -> Double {
            CentralDifference.slope(&network, weights, i, step: 1e-5) { $0.loss(tokens, label: label, dropoutMask: mask) }
        }
        for tensor in network.layout.tensors {
            var numeric: [Double] = []
            for i in tensor.range { numeric.append(slope(\.parameters, i)) }
            let analytic = Array(gradient.parameters[tensor.range])
            assertClose(analytic, numeric, "\(name): \(tensor.name)")
        }
        let e = configuration.embeddingDimension
        for row in 0..<network.vocabularySize {
            var numeric: [Double] = []
            for k in 0..<e { numeric.append(slope(\.embeddings, row * e + k)) }
            let analytic = Array(gradient.row(Int32(row)))
            if tokens.contains(Int32(row)) {
                assertClose(analytic, numeric, "\(name): embedding row \(row)")
            } else {
                XCTAssertEqual(analytic, [Double](repeating: 0, count: e), "\(name): unused row \(row) got a gradient")
                XCTAssertEqual(numeric.map(abs).max()!, 0, accuracy: 1e-12)
            }
        }
    }

    private func assertClose(_ analytic: [Double], _ numeric: [Double], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        CentralDifference.assertClose(analytic, numeric, tolerance: tolerance, minimumNorm: 1e-9, what, file: file, line: line)
    }
}

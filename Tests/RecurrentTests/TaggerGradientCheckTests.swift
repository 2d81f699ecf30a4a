import Kernels
import Embeddings
import XCTest
@testable import Recurrent

/// The tagger's summed per-token loss through the (bi)directional stack, its dense layer,
/// the suffix tables and the word table, against central finite differences in Double.
final class TaggerGradientCheckTests: XCTestCase {
    func testBidirectionalGRUTwoLayersWithDropout() { check(.gru, bidirectional: true, layers: 2, dropout: true, seed: 1) }
    func testBidirectionalLSTM() { check(.lstm, bidirectional: true, layers: 1, dropout: false, seed: 2) }
    func testBidirectionalElmanWithDropout() { check(.rnn, bidirectional: true, layers: 1, dropout: true, seed: 3) }
    func testForwardOnlyGRU() { check(.gru, bidirectional: false, layers: 2, dropout: false, seed: 4) }

    static func network(_ cell: CellKind, bidirectional: Bool, layers: Int, seed: UInt64) -> TaggerNetwork<Double> {
        let configuration = TaggerConfiguration(cell: cell, bidirectional: bidirectional, layers: layers, hidden: 4,
                                                wordDimension: 3, suffixDimension: 2, suffixBuckets: 3, tags: 4)
        var rng = SeededGenerator(seed: seed)
        let table = (0..<(6 * 3)).map { _ in rng.uniform() * 4 - 2 }
        var network = TaggerNetwork<Double>(configuration: configuration, embeddings: table, seed: seed)
        for i in network.parameters.indices { network.parameters[i] = 1.2 * rng.uniform() - 0.6 }
        return network
    }

    /// Six tokens, rows 0 and 2 twice, rows 3 unused; suffix rows chosen by hand so that some
    /// table rows repeat and some stay unused.
    static let sentence = EncodedSentence(words: [0, 2, 5, 1, 2, 4],
                                          suffixes: [0, 3, 6, 1, 3, 7, 0, 4, 8, 0, 3, 6, 1, 5, 6, 0, 3, 7],
                                          flags: [0b1, 0b10, 0b1_0010_0000, 0b1, 0b1_0000_0100, 0b1_1000_0000])
    static let tags = [1, 0, 3, 3, 2, 1]

    private func check(_ cell: CellKind, bidirectional: Bool, layers: Int, dropout: Bool, seed: UInt64) {
        var network = Self.network(cell, bidirectional: bidirectional, layers: layers, seed: seed)
        let c = network.configuration, s = Self.sentence, tags = Self.tags
        var rng = SeededGenerator(seed: seed ^ 0x77)
        let masks = dropout ? TaggerTrainer.dropoutMasks(Double.self, steps: s.count, inputWidth: c.inputWidth,
                                                         outputWidth: c.recurrent.outputWidth, rate: 0.3, using: &rng) : nil
        var gradient = Gradient<Double>(parameterCount: network.parameters.count, dimension: c.wordDimension)
        let (loss, _) = network.accumulateGradient(s, tags: tags, masks: masks, into: &gradient)
        XCTAssertEqual(loss, network.loss(s, tags: tags, masks: masks), accuracy: 1e-12)
        let name = "\(cell) bi=\(bidirectional) layers=\(layers) dropout=\(dropout)"
        func slope(_ weights: WritableKeyPath<TaggerNetwork<Double>, [Double]>, _ i: Int) -> Double {
            CentralDifference.slope(&network, weights, i, step: 1e-5) { $0.loss(s, tags: tags, masks: masks) }
        }
        for tensor in network.layout.tensors {
            let numeric = tensor.range.map { slope(\.parameters, $0) }
            assertClose(Array(gradient.parameters[tensor.range]), numeric, "\(name): \(tensor.name)")
        }
        let suffixes = network.layout.count ..< network.parameters.count
        let numeric = suffixes.map { slope(\.parameters, $0) }
        assertClose(Array(gradient.parameters[suffixes]), numeric, "\(name): suffix tables")
        let used = Set(s.suffixes)
        for row in 0..<(TokenFeatures.suffixLengths * c.suffixBuckets) where !used.contains(Int32(row)) {
            let range = (network.layout.count + row * c.suffixDimension)..<(network.layout.count + (row + 1) * c.suffixDimension)
            XCTAssertEqual(Array(gradient.parameters[range]), [0, 0], "\(name): unused suffix row \(row) got a gradient")
        }
        XCTAssertLessThan(used.count, TokenFeatures.suffixLengths * c.suffixBuckets, "every suffix row used: the unused check proves nothing")
        let e = c.wordDimension
        for row in 0..<network.vocabularySize {
            let numeric = (0..<e).map { slope(\.embeddings, row * e + $0) }
            let analytic = Array(gradient.row(Int32(row)))
            if s.words.contains(Int32(row)) {
                assertClose(analytic, numeric, "\(name): word row \(row)")
            } else {
                XCTAssertEqual(analytic, [Double](repeating: 0, count: e), "\(name): unused row \(row) got a gradient")
            }
        }
    }

    private func assertClose(_ analytic: [Double], _ numeric: [Double], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        CentralDifference.assertClose(analytic, numeric, tolerance: 1e-6, minimumNorm: 1e-6, what, file: file, line: line)
    }
}

import Kernels
import Embeddings
import XCTest
@testable import Recurrent

/// The batched paths (`RecurrentNetwork+Batch`, `TaggerNetwork+Batch` on `RecurrentEngine`) give
/// the per-sentence reference's probabilities, loss and gradients on the same weights, with
/// sentences of different lengths (1 to 9, ties included) in one padded batch, for every
/// cell, both directions, two layers and dropout; and a sentence's prediction does not depend
/// on the batch it is in or the thread count.
final class BatchedEquivalenceTests: XCTestCase {
    /// Lengths chosen so that the sort moves sentences, ties exist and a length-1 sentence
    /// sits beside the longest.
    static let lengths = [3, 9, 1, 5, 9, 2, 6]

    static func sentences(vocabulary: Int, seed: UInt64) -> [[Int32]] {
        var rng = SeededGenerator(seed: seed)
        return lengths.map { n in (0..<n).map { _ in Int32(rng.next() % UInt64(vocabulary)) } }
    }

    // MARK: classifier

    func testClassifierGRUFinal() { checkClassifier(.gru, .final, bidirectional: true, layers: 2, seed: 1) }
    func testClassifierLSTMMean() { checkClassifier(.lstm, .mean, bidirectional: true, layers: 2, seed: 2) }
    func testClassifierElmanMax() { checkClassifier(.rnn, .max, bidirectional: true, layers: 1, seed: 3) }
    func testClassifierForwardOnlyGRUMax() { checkClassifier(.gru, .max, bidirectional: false, layers: 2, seed: 4) }

    private func checkClassifier(_ cell: CellKind, _ pooling: Pooling, bidirectional: Bool, layers: Int, seed: UInt64) {
        let configuration = NetworkConfiguration(cell: cell, bidirectional: bidirectional, layers: layers, hidden: 5,
                                                 pooling: pooling, embeddingDimension: 4, classes: 3)
        let network: RecurrentNetwork<Double> = TestNetworks.random(configuration, vocabulary: 12, seed: seed)
        let sentences = Self.sentences(vocabulary: 12, seed: seed)
        let examples = sentences.enumerated().map { LabelledSequence(tokens: $1, label: $0 % 3) }
        let masks = examples.indices.map {
            $0 == 2 ? nil : Trainer.dropoutMask(Double.self, width: configuration.outputWidth, rate: 0.3, seed: seed, epoch: 1, index: $0)
        }
        let name = "\(cell) \(pooling) bi=\(bidirectional) layers=\(layers)"
        // Reference: one sentence at a time.
        var reference = Gradient<Double>(parameterCount: network.layout.count, dimension: 4)
        var referenceLoss = 0.0, referenceCorrect = 0
        for (example, mask) in zip(examples, masks) {
            let (loss, ok) = network.accumulateGradient(example.tokens, label: example.label, dropoutMask: mask,
                                                        frozenRows: 3..<5, into: &reference)
            referenceLoss += loss
            referenceCorrect += ok ? 1 : 0
        }
        var batched = Gradient<Double>(parameterCount: network.layout.count, dimension: 4)
        let (loss, correct) = network.accumulateGradient(batch: examples, dropoutMasks: masks, frozenRows: 3..<5, into: &batched)
        XCTAssertEqual(loss, referenceLoss, accuracy: 1e-10 * abs(referenceLoss), name)
        XCTAssertEqual(correct, referenceCorrect, name)
        assertClose(batched.parameters, reference.parameters, 1e-10, "\(name): parameters")
        for row in 0..<network.vocabularySize {
            assertClose(Array(batched.row(Int32(row))), Array(reference.row(Int32(row))), 1e-10, "\(name): row \(row)")
            if (3..<5).contains(row) { XCTAssertEqual(Array(batched.row(Int32(row))), [0, 0, 0, 0], "\(name): frozen row \(row)") }
        }
        XCTAssertGreaterThan(reference.squaredNorm, 1e-6, "\(name): a zero gradient proves nothing")
        let probabilities = network.probabilities(batch: sentences)
        for (s, p) in zip(sentences, probabilities) { assertClose(p, network.probabilities(s), 1e-12, "\(name): probabilities") }
        // Float, as training runs: within 1e-5 of the per-sentence path.
        let float = RecurrentNetwork<Float>(configuration: configuration, parameters: network.parameters.map(Float.init),
                                            embeddings: network.embeddings.map(Float.init))
        let floatBatch = float.probabilities(batch: sentences)
        for (s, p) in zip(sentences, floatBatch) {
            assertClose(p.map(Double.init), float.probabilities(s).map(Double.init), 1e-5, "\(name): Float probabilities")
        }
        // A sentence's result does not depend on its batch: alone, bit for bit the same.
        for (s, p) in zip(sentences, floatBatch) { XCTAssertEqual(float.probabilities(batch: [s])[0], p, "\(name): batch-dependent") }
    }

    // MARK: tagger

    func testTaggerBidirectionalGRUTwoLayers() { checkTagger(.gru, bidirectional: true, layers: 2, seed: 5) }
    func testTaggerBidirectionalLSTM() { checkTagger(.lstm, bidirectional: true, layers: 1, seed: 6) }
    func testTaggerForwardOnlyElman() { checkTagger(.rnn, bidirectional: false, layers: 2, seed: 7) }
    func testClassifierMGUMean() { checkClassifier(.mgu, .mean, bidirectional: true, layers: 2, seed: 8) }
    func testTaggerBidirectionalMGU() { checkTagger(.mgu, bidirectional: true, layers: 2, seed: 9) }

    static func encoded(_ words: [[Int32]], buckets: Int, seed: UInt64) -> [EncodedSentence] {
        var rng = SeededGenerator(seed: seed)
        return words.map { w in
            EncodedSentence(words: w, suffixes: (0..<(w.count * TokenFeatures.suffixLengths)).map { _ in Int32(rng.next() % UInt64(3 * buckets)) },
                            flags: w.map { _ in UInt16(rng.next() & 0x1FF) })
        }
    }

    private func checkTagger(_ cell: CellKind, bidirectional: Bool, layers: Int, seed: UInt64) {
        let network = TaggerGradientCheckTests.network(cell, bidirectional: bidirectional, layers: layers, seed: seed)
        let c = network.configuration
        let sentences = Self.encoded(Self.sentences(vocabulary: network.vocabularySize, seed: seed), buckets: c.suffixBuckets, seed: seed)
        var rng = SeededGenerator(seed: seed ^ 0x55)
        let tags = sentences.map { s in (0..<s.count).map { _ in Int(rng.next() % UInt64(c.tags)) } }
        let masks = sentences.enumerated().map { i, s in
            i == 1 ? nil : TaggerTrainer.dropoutMasks(Double.self, steps: s.count, inputWidth: c.inputWidth,
                                                      outputWidth: c.recurrent.outputWidth, rate: 0.3, using: &rng)
        }
        let name = "tagger \(cell) bi=\(bidirectional) layers=\(layers)"
        var reference = Gradient<Double>(parameterCount: network.parameters.count, dimension: c.wordDimension)
        var referenceLoss = 0.0, referenceCorrect = 0
        for i in sentences.indices {
            let (loss, ok) = network.accumulateGradient(sentences[i], tags: tags[i], masks: masks[i], frozenRows: 1..<2, into: &reference)
            referenceLoss += loss
            referenceCorrect += ok
        }
        var batched = Gradient<Double>(parameterCount: network.parameters.count, dimension: c.wordDimension)
        let (loss, correct) = network.accumulateGradient(batch: sentences, tags: tags, masks: masks, frozenRows: 1..<2, into: &batched)
        XCTAssertEqual(loss, referenceLoss, accuracy: 1e-10 * abs(referenceLoss), name)
        XCTAssertEqual(correct, referenceCorrect, name)
        assertClose(batched.parameters, reference.parameters, 1e-10, "\(name): parameters")
        for row in 0..<network.vocabularySize {
            assertClose(Array(batched.row(Int32(row))), Array(reference.row(Int32(row))), 1e-10, "\(name): row \(row)")
        }
        XCTAssertEqual(Array(batched.row(1)), [0, 0, 0], "\(name): frozen row")
        XCTAssertGreaterThan(reference.squaredNorm, 1e-6, "\(name): a zero gradient proves nothing")
        XCTAssertEqual(network.predict(batch: sentences), sentences.map(network.predict), name)
        // Float: probabilities within 1e-5, and a sentence tagged alone or in the batch alike.
        let float = TaggerNetwork<Float>(configuration: c, parameters: network.parameters.map(Float.init),
                                         embeddings: network.embeddings.map(Float.init))
        let pass = float.forward(batch: sentences, masks: nil)
        for (slot, i) in pass.shape.order.enumerated() {
            let single = float.probabilities(sentences[i]), n = c.tags
            for t in 0..<sentences[i].count {
                let base = pass.shape.row(t, slot) * n
                assertClose(pass.probabilities[base ..< base + n].map(Double.init), single[t * n ..< (t + 1) * n].map(Double.init),
                            1e-5, "\(name): Float probabilities")
            }
        }
        let together = float.predict(batch: sentences)
        for (s, p) in zip(sentences, together) { XCTAssertEqual(float.predict(batch: [s])[0], p, "\(name): batch-dependent") }
    }

    /// Relative Euclidean error (absolute below norm 1).
    private func assertClose(_ x: [Double], _ y: [Double], _ tolerance: Double, _ what: String) {
        XCTAssertEqual(x.count, y.count, what)
        var difference = 0.0, norm = 0.0
        for (a, b) in zip(x, y) {
            difference += (a - b) * (a - b)
            norm += b * b
        }
        XCTAssertLessThanOrEqual(difference.squareRoot() / max(norm.squareRoot(), 1), tolerance, what)
    }
}

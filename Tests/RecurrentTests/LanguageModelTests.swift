import XCTest
import Foundation
import Kernels
import Embeddings
@testable import Recurrent

/// The batched language model: gradients against central differences in Double, the
/// carried state, perplexity facts, memorisation, sampling and the model file.
final class LanguageModelTests: XCTestCase {
    func tiny(_ cell: CellKind, layers: Int = 1, tied: Bool = false, vocabulary: Int = 7) -> LanguageModelConfiguration {
        LanguageModelConfiguration(cell: cell, vocabularySize: vocabulary, dimension: 4, hidden: tied ? 4 : 5, layers: layers, tied: tied)
    }

    func randomIDs(_ count: Int, _ v: Int, seed: UInt64) -> [Int32] {
        var g = SeededGenerator(seed: seed)
        return (0..<count).map { _ in Int32(g.next() % UInt64(v)) }
    }

    /// Mean loss of one chunk from a fixed non-zero carried state.
    func loss(_ model: LanguageModel<Double>, _ inputs: [Int32], _ targets: [Int32], batch: Int, state: LanguageModelState<Double>) -> Double {
        var s = state
        var g = SeededGenerator(seed: 0)
        return model.forward(tokens: inputs, targets: targets, batch: batch, state: &s, dropout: 0, generator: &g, threads: 1).loss
            / Double(targets.count)
    }

    func checkGradient(_ c: LanguageModelConfiguration, threads: Int = 1) {
        let batch = 2, steps = 3
        var model = LanguageModel<Double>(configuration: c, seed: 11)
        // Non-zero decoder bias and larger weights, so that every term matters.
        var g = SeededGenerator(seed: 5)
        for i in model.parameters.indices { model.parameters[i] += (g.uniform() - 0.5) * 0.6 }
        let inputs = randomIDs(steps * batch, c.vocabularySize, seed: 1), targets = randomIDs(steps * batch, c.vocabularySize, seed: 2)
        var state = model.initialState(batch: batch)
        for l in 0..<c.layers {
            state.hidden[l] = (0..<(batch * c.hidden)).map { _ in g.uniform() - 0.5 }
            if c.cell == .lstm { state.cells[l] = (0..<(batch * c.hidden)).map { _ in g.uniform() - 0.5 } }
        }
        var s = state
        var generator = SeededGenerator(seed: 0)
        let trace = model.forward(tokens: inputs, targets: targets, batch: batch, state: &s, dropout: 0, generator: &generator, threads: threads)
        var analytic = [Double](repeating: 0, count: model.parameters.count)
        analytic.withUnsafeMutableBufferPointer {
            model.backward(trace, scale: 1 / Double(targets.count), gradient: $0.baseAddress!, threads: threads)
        }
        let h = 1e-6
        var worst = 0.0, checked = 0
        for i in model.parameters.indices {
            let numeric = CentralDifference.slope(&model, \.parameters, i, step: h) { self.loss($0, inputs, targets, batch: batch, state: state) }
            let error = abs(numeric - analytic[i]) / max(1e-4, abs(numeric) + abs(analytic[i]))
            worst = max(worst, error)
            XCTAssertLessThan(error, 1e-5, "\(c.cell) layers \(c.layers) tied \(c.tied): parameter \(i) numeric \(numeric) analytic \(analytic[i])")
            if numeric != 0 { checked += 1 }
        }
        // Embedding rows of unseen tokens have zero gradient; most others must not.
        XCTAssertGreaterThan(checked, model.parameters.count / 2)
    }

    func testGradientGRU() { checkGradient(tiny(.gru)) }
    func testGradientLSTM() { checkGradient(tiny(.lstm)) }
    func testGradientElman() { checkGradient(tiny(.rnn)) }
    func testGradientTwoLayerGRUThreads() { checkGradient(tiny(.gru, layers: 2), threads: 3) }
    func testGradientTiedLSTMTwoLayers() { checkGradient(tiny(.lstm, layers: 2, tied: true)) }

    /// A chunk of T steps equals T chunks of one step with the state carried (batched == step by step).
    func testChunkEqualsStepByStepWithCarriedState() {
        for cell in CellKind.allCases {
            let model = LanguageModel<Double>(configuration: tiny(cell, layers: 2), seed: 3)
            let batch = 3, steps = 4
            let inputs = randomIDs(steps * batch, 7, seed: 8), targets = randomIDs(steps * batch, 7, seed: 9)
            var whole = model.initialState(batch: batch), pieces = whole
            var g = SeededGenerator(seed: 0)
            let all = model.forward(tokens: inputs, targets: targets, batch: batch, state: &whole, dropout: 0, generator: &g, threads: 1)
            var sum = 0.0
            for t in 0..<steps {
                let r = t * batch ..< (t + 1) * batch
                sum += model.forward(tokens: Array(inputs[r]), targets: Array(targets[r]), batch: batch, state: &pieces,
                                     dropout: 0, generator: &g, threads: 1).loss
            }
            XCTAssertEqual(all.loss, sum, accuracy: 1e-10, "\(cell)")
            for l in 0..<2 { for k in whole.hidden[l].indices { XCTAssertEqual(whole.hidden[l][k], pieces.hidden[l][k], accuracy: 1e-12) } }
        }
    }

    func testUniformModelHasPerplexityEqualToVocabularySize() {
        let c = LanguageModelConfiguration(cell: .gru, vocabularySize: 57, dimension: 8, hidden: 8, layers: 1, tied: false)
        var model = LanguageModel<Float>(configuration: c, seed: 1)
        let layout = model.layout
        for i in layout.decoder ..< layout.decoder + 57 * 8 { model.parameters[i] = 0 }
        for i in layout.decoderBias ..< layout.decoderBias + 57 { model.parameters[i] = 0 }
        let ids = randomIDs(1000, 57, seed: 4)
        let loss = LanguageModelTrainer.evaluate(model, ids: ids, batch: 10, bptt: 35, threads: 2)
        XCTAssertEqual(exp(loss), 57, accuracy: 57 * 1e-5)
    }

    func testMemorisesATinyRepeatedText() {
        let words = ["the", "cat", "sat", "on", "a", "mat", "</s>", "<unk>"]
        let vocabulary = LanguageModelVocabulary(words: words)
        let sentence: [Int32] = [0, 1, 2, 3, 4, 5, 6]
        let ids = Array((0..<80).map { _ in sentence }.joined())
        let c = LanguageModelConfiguration(cell: .gru, vocabularySize: vocabulary.count, dimension: 8, hidden: 16, layers: 1, tied: false)
        var model = LanguageModel<Float>(configuration: c, seed: 2)
        var o = LanguageModelTrainingOptions()
        o.batch = 4; o.bptt = 10; o.epochs = 30; o.learningRate = 0.02; o.dropout = 0; o.threads = 2; o.evalBatch = 2
        let reports = LanguageModelTrainer.train(&model, train: ids, dev: ids, options: o)
        let ppl = exp(LanguageModelTrainer.evaluate(model, ids: ids, batch: 2, bptt: 10, threads: 1))
        XCTAssertLessThan(ppl, 1.1, "epochs: \(reports.map { $0.devPerplexity })")
        // The learnt sentence is far more probable than its words shuffled.
        let good = model.logProbability(of: [0, 1, 2, 3, 4, 5], endOfSentence: 6).total
        let bad = model.logProbability(of: [1, 0, 2, 3, 5, 4], endOfSentence: 6).total
        XCTAssertGreaterThan(good, bad + 5)
        // Generation reproduces it.
        let text = model.generate(prompt: [0], endOfSentence: 6, words: nil, temperature: 1, topK: 0, seed: 1)
        XCTAssertEqual(text, [1, 2, 3, 4, 5, 6])
    }

    func testGenerateIsIdenticalForTheSameSeed() {
        let c = LanguageModelConfiguration(cell: .lstm, vocabularySize: 30, dimension: 6, hidden: 6, layers: 1, tied: true)
        let model = LanguageModel<Float>(configuration: c, seed: 9)
        let a = model.generate(prompt: [3, 4], endOfSentence: 0, words: 40, temperature: 0.9, topK: 10, seed: 5)
        let b = model.generate(prompt: [3, 4], endOfSentence: 0, words: 40, temperature: 0.9, topK: 10, seed: 5)
        let other = model.generate(prompt: [3, 4], endOfSentence: 0, words: 40, temperature: 0.9, topK: 10, seed: 6)
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, other)
        XCTAssertEqual(a.filter { $0 != 0 }.count, 40, "exactly the words asked for")
        XCTAssertNotEqual(a.last, 0)
        // Greedy decoding of a model that always prefers </s> still ends, with the words asked for.
        var eos = LanguageModel<Float>(configuration: c, seed: 9)
        eos.parameters[eos.layout.decoderBias] = 100
        let greedy = eos.generate(prompt: [], endOfSentence: 0, words: 7, temperature: 1, topK: 1, seed: 1)
        XCTAssertEqual(greedy.filter { $0 != 0 }.count, 7)
        XCTAssertLessThanOrEqual(greedy.count, 14)
    }

    func testFileRoundTripAndDamage() throws {
        let c = LanguageModelConfiguration(cell: .gru, vocabularySize: 5, dimension: 3, hidden: 4, layers: 1, tied: false)
        let model = LanguageModel<Float>(configuration: c, seed: 1)
        let vocabulary = LanguageModelVocabulary(words: ["a", "b", "c", "</s>", "<unk>"])
        let path = NSTemporaryDirectory() + "lm-test-\(getpid()).w2vlm"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try LanguageModelFile.write(model, vocabulary: vocabulary, provenance: ["seed": "1"], to: path)
        let back = try LanguageModelFile.read(path)
        XCTAssertEqual(back.model.parameters, model.parameters)
        XCTAssertEqual(back.vocabulary, vocabulary)
        XCTAssertEqual(back.provenance["seed"], "1")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count / 2] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try LanguageModelFile.read(path)) { error in
            guard case RecurrentError.corruptModel = error else { return XCTFail("\(error)") }
        }
    }
}

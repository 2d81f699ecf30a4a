import XCTest
@testable import SkipGram

/// CBOW and subword composition against a Double reference: the reference gradient against
/// central differences of the loss, and one step of each model against one gradient step.
final class TrainingModelTests: XCTestCase {
    let dimension = 20            // stride 32: exercises the padding
    let words = ["ab", "abc", "b", "cab", "ba", "c"]
    let contextIDs: [Int32] = [0, 1, 3, 1]   // a repeated context word
    let outputIDs: [Int32] = [2, 4, 5]       // centre 2, then two negatives
    lazy var subwords = Subwords(words: words, lengths: 2...3, buckets: 5)  // collisions: rows shared

    func matrices(rows: Int) -> (SharedMatrix, SharedMatrix) {
        var random = RandomGenerator(seed: 5)
        let w = SharedMatrix(rows: rows, columns: dimension), c = SharedMatrix(rows: words.count, columns: dimension)
        for r in 0..<rows { for k in 0..<dimension { w.row(r)[k] = random.unitFloat() - 0.5 } }
        for r in 0..<words.count { for k in 0..<dimension { c.row(r)[k] = random.unitFloat() - 0.5 } }
        return (w, c)
    }

    func values(_ m: SharedMatrix) -> [[Double]] { (0..<m.rows).map { r in (0..<m.columns).map { Double(m.row(r)[$0]) } } }

    /// One input's row list (with repeats, as the model sums them).
    func bag(_ inputs: [Int32], rows: (Int32) -> [Int32]) -> [Int32] { inputs.flatMap(rows) }

    func mean(_ w: [[Double]], _ ids: [Int32]) -> [Double] {
        var h = [Double](repeating: 0, count: dimension)
        for id in ids { for k in 0..<dimension { h[k] += w[Int(id)][k] } }
        return h.map { $0 / Double(ids.count) }
    }

    /// The centre and two negatives, every input against all three (whole-word skip-gram, CBOW).
    var sharedTargets: [(id: Int32, positive: Bool)] { outputIDs.enumerated().map { ($0.element, $0.offset == 0) } }

    /// The two noise words the test's sampler draws for a pair with `word` (never `word`).
    static func noise(_ word: Int32) -> [Int32] { [(word + 2) % 6, (word + 4) % 6] }

    /// fastText's subword skip-gram: the centre against every context word (label 1), then each
    /// context word's noise words (label 0), in the order the model lays them out.
    var subwordTargets: [(id: Int32, positive: Bool)] {
        contextIDs.map { ($0, true) } + contextIDs.flatMap { Self.noise($0).map { ($0, false) } }
    }

    /// Loss of the hidden vectors `bags` (each the mean of its rows) against `targets`, and
    /// the gradients with respect to each hidden vector and to C.
    func reference(_ w: [[Double]], _ c: [[Double]], bags: [[Int32]], targets: [(id: Int32, positive: Bool)]) -> (loss: Double, dh: [[Double]], dc: [[Double]]) {
        var loss = 0.0
        var dh = bags.map { _ in [Double](repeating: 0, count: dimension) }
        var dc = c.map { $0.map { _ in 0.0 } }
        for (b, ids) in bags.enumerated() {
            let h = mean(w, ids)
            for (out, positive) in targets {
                let s = WindowUpdateTests.dot(c[Int(out)], h)
                loss -= log(WindowUpdateTests.sigmoid(positive ? s : -s))
                let g = (positive ? 1 : 0) - WindowUpdateTests.sigmoid(s)
                for k in 0..<dimension { dh[b][k] -= g * c[Int(out)][k]; dc[Int(out)][k] -= g * h[k] }
            }
        }
        return (loss, dh, dc)
    }

    /// dL/dW by the chain rule: row r gets dL/dh_b / n_b for each time it appears in bag b.
    func rowGradient(_ dh: [[Double]], bags: [[Int32]], rows: Int) -> [[Double]] {
        var dw = (0..<rows).map { _ in [Double](repeating: 0, count: dimension) }
        for (b, ids) in bags.enumerated() {
            for id in ids { for k in 0..<dimension { dw[Int(id)][k] += dh[b][k] / Double(ids.count) } }
        }
        return dw
    }

    func checkCentralDifferences(bags: [[Int32]], targets: [(id: Int32, positive: Bool)], rows: Int) {
        let (wm, cm) = matrices(rows: rows)
        let w = values(wm), c = values(cm)
        let (_, dh, dc) = reference(w, c, bags: bags, targets: targets)
        let dw = rowGradient(dh, bags: bags, rows: rows)
        var norm = 0.0
        for (name, analytic) in [("dW", dw), ("dC", dc)] {
            for r in analytic.indices {
                for k in 0..<dimension {
                    // The central difference of the loss in W[r][k] or C[r][k].
                    func loss(_ step: Double) -> Double {
                        var (w2, c2) = (w, c)
                        if name == "dW" { w2[r][k] += step } else { c2[r][k] += step }
                        return reference(w2, c2, bags: bags, targets: targets).loss
                    }
                    XCTAssertEqual((loss(1e-6) - loss(-1e-6)) / 2e-6, analytic[r][k], accuracy: 1e-6, "\(name)[\(r)][\(k)]")
                    if name == "dW" { norm += analytic[r][k] * analytic[r][k] }
                }
            }
        }
        XCTAssertGreaterThan(norm.squareRoot(), 1e-3, "a zero gradient would prove nothing")
    }

    /// Runs `model` on the window and checks the step: C -= alpha dL/dC, and every row r of W
    /// moves by -alpha dL/dh_b for each time it is in bag b (the references' unscaled spread).
    func checkStep<Model: TrainingModel>(_ model: Model, bags: [[Int32]], targets: [(id: Int32, positive: Bool)], rows: Int, examples: Int,
                                         tree: HuffmanTree? = nil, alpha: Double = 0.05, tolerance: Double = 3e-3) {
        let (wm, cm) = matrices(rows: rows)
        let w0 = values(wm), c0 = values(cm)
        let (loss0, dh, dc) = reference(w0, c0, bags: bags, targets: targets)
        let update = WindowUpdate(stride: wm.stride, maxInputs: contextIDs.count, maxOutputs: 16)
        defer { update.deallocate() }
        var tallied: Float = 0
        // As the engine: the centre first, then the shared negatives, or nothing and a sampler.
        let shared = model.sharesNegatives(.batched)
        var outputs = (shared ? outputIDs : [outputIDs[0]]) + [Int32](repeating: -1, count: 16)
        var outputCount = shared ? outputIDs.count : 0, positives = 1
        if let tree, shared {
            (outputCount, positives) = outputs.withUnsafeMutableBufferPointer { tree.writePrediction(of: outputIDs[0], into: $0.baseAddress!) }
        }
        let trained = contextIDs.withUnsafeBufferPointer { context in
            outputs.withUnsafeMutableBufferPointer { out in
                model.train(context: context.baseAddress!, contextCount: context.count, outputs: out.baseAddress!,
                            outputCount: outputCount, positives: positives,
                            step: Step(input: wm, output: cm, update: update, alpha: Float(alpha), sigmoid: SigmoidTable(), tree: tree),
                            loss: &tallied) { buffer, word in
                    XCTAssertFalse(shared, "shared negatives were given")
                    XCTAssertNil(tree, "hierarchical softmax draws no negatives")
                    let drawn = Self.noise(word)
                    for (i, id) in drawn.enumerated() { buffer[i] = id }
                    return drawn.count
                }
            }
        }
        XCTAssertEqual(trained, examples)
        XCTAssertEqual(Double(tallied), loss0, accuracy: 0.02 * loss0, "tallied loss")
        var expected = w0
        for (b, ids) in bags.enumerated() { for id in ids { for k in 0..<dimension { expected[Int(id)][k] -= alpha * dh[b][k] } } }
        let w1 = values(wm), c1 = values(cm)
        for r in 0..<rows { for k in 0..<dimension { XCTAssertEqual(w1[r][k], expected[r][k], accuracy: tolerance, "W[\(r)][\(k)]") } }
        for r in 0..<words.count {
            for k in 0..<dimension { XCTAssertEqual(c1[r][k], c0[r][k] - alpha * dc[r][k], accuracy: tolerance, "C[\(r)][\(k)]") }
            for k in dimension..<cm.stride { XCTAssertEqual(cm.row(r)[k], 0, "padding of C must stay zero") }
        }
        for r in 0..<rows { for k in dimension..<wm.stride { XCTAssertEqual(wm.row(r)[k], 0, "padding of W must stay zero") } }
    }

    var wordRows: (Int32) -> [Int32] { { [$0] } }
    var subwordRows: (Int32) -> [Int32] { { self.subwords.rows(ofWord: Int($0)) } }

    func testCBOWGradientMatchesCentralDifferences() {
        checkCentralDifferences(bags: [bag(contextIDs, rows: wordRows)], targets: sharedTargets, rows: words.count)
    }

    func testCBOWStepIsOneGradientStep() {
        checkStep(CBOWModel(rows: WholeWords(vocabularySize: words.count)), bags: [bag(contextIDs, rows: wordRows)],
                  targets: sharedTargets, rows: words.count, examples: 1)
    }

    func testSubwordCompositionGradientMatchesCentralDifferences() {
        // Context words composed separately (both axes of the engine: inputs sharing rows).
        let bags = contextIDs.map { subwordRows($0) }
        XCTAssertTrue(bags.contains { Set($0).count < $0.count } || Set(bags.flatMap { $0 }).count < bags.flatMap { $0 }.count,
                      "the fixture must share rows between or within inputs")
        checkCentralDifferences(bags: bags, targets: sharedTargets, rows: subwords.rowCount)
        checkCentralDifferences(bags: [subwordRows(outputIDs[0])], targets: subwordTargets, rows: subwords.rowCount)
    }

    func testSubwordSkipGramStepIsOneGradientStep() {
        checkStep(SkipGramModel(rows: subwords), bags: [subwordRows(outputIDs[0])], targets: subwordTargets,
                  rows: subwords.rowCount, examples: contextIDs.count)
    }

    func testSubwordCBOWStepIsOneGradientStep() {
        checkStep(CBOWModel(rows: subwords), bags: [bag(contextIDs, rows: subwordRows)], targets: sharedTargets,
                  rows: subwords.rowCount, examples: 1)
    }

    /// Whole-word skip-gram through the model is the batched update itself.
    func testWholeWordSkipGramStepIsOneGradientStep() {
        checkStep(SkipGramModel(rows: WholeWords(vocabularySize: words.count)), bags: contextIDs.map { [$0] },
                  targets: sharedTargets, rows: words.count, examples: contextIDs.count)
    }

    // MARK: Hierarchical softmax: the same logistic terms, over the nodes of a path.

    /// A tree over the six words (counts in the vocabulary's decreasing order).
    let tree = HuffmanTree(counts: [6, 5, 4, 3, 2, 1])

    /// `word`'s prediction: one term per node of its path, label = the node's code.
    func pathTargets(_ word: Int32) -> [(id: Int32, positive: Bool)] { tree.path(of: Int(word)).map { ($0.node, $0.code) } }

    func testHierarchicalSoftmaxGradientMatchesCentralDifferences() {
        checkCentralDifferences(bags: [bag(contextIDs, rows: wordRows)], targets: pathTargets(outputIDs[0]), rows: words.count)
        checkCentralDifferences(bags: [subwordRows(outputIDs[0])], targets: contextIDs.flatMap(pathTargets), rows: subwords.rowCount)
    }

    func testHierarchicalSoftmaxStepsAreOneGradientStep() {
        let centre = pathTargets(outputIDs[0])
        checkStep(SkipGramModel(rows: WholeWords(vocabularySize: words.count)), bags: contextIDs.map { [$0] },
                  targets: centre, rows: words.count, examples: contextIDs.count, tree: tree)
        checkStep(CBOWModel(rows: WholeWords(vocabularySize: words.count)), bags: [bag(contextIDs, rows: wordRows)],
                  targets: centre, rows: words.count, examples: 1, tree: tree)
        checkStep(CBOWModel(rows: subwords), bags: [bag(contextIDs, rows: subwordRows)], targets: centre,
                  rows: subwords.rowCount, examples: 1, tree: tree)
        // Every context word's path ends at the root, and each path is a step of its own (the
        // root's row of C moves between them), so the step is one gradient step to first order:
        // checked at a rate where the second-order terms are below the tolerance.
        checkStep(SkipGramModel(rows: subwords), bags: [subwordRows(outputIDs[0])], targets: contextIDs.flatMap(pathTargets),
                  rows: subwords.rowCount, examples: contextIDs.count, tree: tree, alpha: 0.005, tolerance: 3e-4)
    }
}

import Kernels

/// The tagger over a padded batch of sentences (`SequenceBatch`, `RecurrentEngine`): the same
/// network as the per-sentence `forward`/`accumulateGradient`, with every time step of the
/// batch, the per-token dense layer and the weight gradients as matrix-matrix products.
/// Training and tagging run here; the per-sentence path is the reference it is tested against.
extension TaggerNetwork {
    /// The activations of one batch, rows in `shape`'s layout.
    struct BatchPass {
        let shape: SequenceBatch
        var stack = RecurrentStackTrace<T>()
        /// The top layer's outputs after dropout: rows x outputWidth.
        var top: [T] = []
        /// rows x tags (padding rows unused).
        var logits: [T] = []
        var probabilities: [T] = []
    }

    /// The most probable tag of every token of each sentence (no dropout), in the caller's order.
    /// - Complexity: O(rows x layers x directions x gates x hidden x (input + hidden)).
    public func predict(batch sentences: [EncodedSentence]) -> [[Int]] {
        let pass = forward(batch: sentences, masks: nil)
        let n = configuration.tags, shape = pass.shape
        var out = [[Int]](repeating: [], count: sentences.count)
        for (slot, i) in shape.order.enumerated() {
            out[i] = (0..<shape.lengths[slot]).map { t in
                let base = shape.row(t, slot) * n
                return (0..<n).max { pass.probabilities[base + $0] < pass.probabilities[base + $1] }!
            }
        }
        return out
    }

    /// Forward and backward over a batch, adding the gradient of the summed per-token loss to
    /// `g` (as `accumulateGradient` once per sentence). `masks[i]` belongs to `sentences[i]`.
    /// - Returns: the summed loss and the number of tokens whose most probable tag is right.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func accumulateGradient(batch sentences: [EncodedSentence], tags: [[Int]], masks: [Masks?]? = nil,
                                   frozenRows: Range<Int> = 0..<0, into g: inout Gradient<T>) -> (loss: T, correct: Int) {
        let pass = forward(batch: sentences, masks: masks)
        let c = configuration, rc = c.recurrent, shape = pass.shape, n = c.tags, outWidth = rc.outputWidth
        let e = c.wordDimension, width = c.inputWidth, sd = c.suffixDimension, lengths = TokenFeatures.suffixLengths
        var dLogits = [T](repeating: 0, count: shape.rows * n)
        var loss: T = 0, correct = 0
        for (slot, i) in shape.order.enumerated() {
            precondition(tags[i].count == sentences[i].count, "TaggerNetwork: \(tags[i].count) tags for \(sentences[i].count) tokens")
            for (t, tag) in tags[i].enumerated() {
                let (term, right) = DenseSoftmax.crossEntropy(logits: pass.logits, probabilities: pass.probabilities,
                                                              base: shape.row(t, slot) * n, classes: n, target: tag, dLogits: &dLogits)
                loss += term
                if right { correct += 1 }
            }
        }
        var dTop = [T](repeating: 0, count: shape.rows * outWidth)
        var dInput: [T] = []
        parameters.withUnsafeBufferPointer { pp in
            g.parameters.withUnsafeMutableBufferPointer { gp in
                let p = pp.baseAddress!, gr = gp.baseAddress!
                DenseSoftmax.backward(p, layout, dLogits: dLogits, input: pass.top, rows: shape.rows, width: outWidth, classes: n,
                                      gradient: gr, dInput: &dTop)
                if let masks { Self.applyMasks(masks, \.output, to: &dTop, width: outWidth, shape: shape) }
                dInput = RecurrentEngine.backward(p, layout.stack(rc), trace: pass.stack, dOutput: dTop, shape: shape, gradient: gr)
                if let masks { Self.applyMasks(masks, \.input, to: &dInput, width: width, shape: shape) }
                // The suffix tables (dense, in `parameters`).
                for (slot, i) in shape.order.enumerated() {
                    let sentence = sentences[i]
                    for t in 0..<sentence.count {
                        let dx = shape.row(t, slot) * width + e
                        for l in 0..<lengths {
                            let target = suffixOffset + Int(sentence.suffixes[t * lengths + l]) * sd
                            for k in 0..<sd { gr[target + k] += dInput[dx + l * sd + k] }
                        }
                    }
                }
            }
        }
        dInput.withUnsafeBufferPointer { dx in
            for (slot, i) in shape.order.enumerated() {
                for (t, word) in sentences[i].words.enumerated() where !frozenRows.contains(Int(word)) {
                    g.addRow(word, dx.baseAddress! + shape.row(t, slot) * width)
                }
            }
        }
        return (loss, correct)
    }

    /// Multiplies each sentence's rows of `m` (`rows x width`) by its mask (`steps x width`).
    static func applyMasks(_ masks: [Masks?], _ which: KeyPath<Masks, [T]>, to m: inout [T], width: Int, shape: SequenceBatch) {
        for (slot, i) in shape.order.enumerated() {
            guard let mask = masks[i]?[keyPath: which] else { continue }
            for t in 0..<shape.lengths[slot] {
                let row = shape.row(t, slot) * width
                for k in 0..<width { m[row + k] *= mask[t * width + k] }
            }
        }
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func forward(batch sentences: [EncodedSentence], masks: [Masks?]?) -> BatchPass {
        precondition(sentences.allSatisfy { $0.count > 0 }, "TaggerNetwork: empty sentence")
        let shape = SequenceBatch(lengths: sentences.map(\.count))
        let c = configuration, rc = c.recurrent, width = c.inputWidth, n = c.tags, outWidth = rc.outputWidth
        var pass = BatchPass(shape: shape)
        var x = [T](repeating: 0, count: shape.rows * width)
        parameters.withUnsafeBufferPointer { pp in
            embeddings.withUnsafeBufferPointer { table in
                x.withUnsafeMutableBufferPointer { xb in
                    for (slot, i) in shape.order.enumerated() {
                        for t in 0..<sentences[i].count {
                            features(sentences[i], t, into: xb.baseAddress! + shape.row(t, slot) * width,
                                     parameters: pp.baseAddress!, table: table.baseAddress!)
                        }
                    }
                }
            }
            if let masks { Self.applyMasks(masks, \.input, to: &x, width: width, shape: shape) }
            (pass.top, pass.stack) = RecurrentEngine.forward(pp.baseAddress!, layout.stack(rc), input: x, shape: shape)
        }
        if let masks { Self.applyMasks(masks, \.output, to: &pass.top, width: outWidth, shape: shape) }
        (pass.logits, pass.probabilities) = DenseSoftmax.forward(parameters, layout, input: pass.top, rows: shape.rows,
                                                                 width: outWidth, classes: n)
        return pass
    }
}

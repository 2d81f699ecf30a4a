import Kernels

/// The classifier over a padded batch of sentences (`SequenceBatch`, `RecurrentEngine`): the
/// same network as the per-sentence `forward`/`accumulateGradient`, with every time step of
/// the batch, the dense layer and the weight gradients as matrix-matrix products. Training
/// and prediction run here; the per-sentence path is the reference it is tested against.
extension RecurrentNetwork {
    /// The activations of one batch, in `shape`'s slot order.
    struct BatchPass {
        let shape: SequenceBatch
        var stack = RecurrentStackTrace<T>()
        /// `batch x outputWidth`: the pooled sentence vectors after dropout.
        var representation: [T] = []
        /// Max pooling: the step that won each component, `batch x outputWidth`.
        var argmax: [Int] = []
        /// `batch x classes`.
        var logits: [T] = []
        var probabilities: [T] = []
    }

    /// Class probabilities of each sentence (no dropout), in the caller's order.
    /// - Complexity: O(rows x layers x directions x gates x hidden x (input + hidden)).
    public func probabilities(batch sentences: [[Int32]]) -> [[T]] {
        let pass = forward(batch: sentences, dropoutMasks: nil)
        let n = configuration.classes
        var out = [[T]](repeating: [], count: sentences.count)
        for (slot, i) in pass.shape.order.enumerated() { out[i] = Array(pass.probabilities[slot * n ..< (slot + 1) * n]) }
        return out
    }

    /// Forward and backward over a batch, adding the gradient of the summed loss to `g`
    /// (as `accumulateGradient` once per sentence). `dropoutMasks[i]` belongs to `examples[i]`.
    /// - Returns: the summed loss and the number of sentences whose most probable label is right.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func accumulateGradient(batch examples: [LabelledSequence], dropoutMasks: [[T]?]? = nil,
                                   frozenRows: Range<Int> = 0..<0, into g: inout Gradient<T>) -> (loss: T, correct: Int) {
        let pass = forward(batch: examples.map(\.tokens), dropoutMasks: dropoutMasks)
        let c = configuration, shape = pass.shape, bsz = shape.batch, width = c.outputWidth, h = c.hidden
        let n = c.classes, e = c.embeddingDimension
        var loss: T = 0, correct = 0
        var dLogits = [T](repeating: 0, count: bsz * n)
        for (slot, i) in shape.order.enumerated() {
            let (term, right) = DenseSoftmax.crossEntropy(logits: pass.logits, probabilities: pass.probabilities, base: slot * n,
                                                          classes: n, target: examples[i].label, dLogits: &dLogits)
            loss += term
            if right { correct += 1 }
        }
        var dRepresentation = [T](repeating: 0, count: bsz * width)
        var dTop = [T](repeating: 0, count: shape.rows * width)
        var dInput: [T] = []
        parameters.withUnsafeBufferPointer { pp in
            g.parameters.withUnsafeMutableBufferPointer { gp in
                let p = pp.baseAddress!, gr = gp.baseAddress!
                DenseSoftmax.backward(p, layout, dLogits: dLogits, input: pass.representation, rows: bsz, width: width, classes: n,
                                      gradient: gr, dInput: &dRepresentation)
                if let dropoutMasks {
                    for (slot, i) in shape.order.enumerated() {
                        if let mask = dropoutMasks[i] { for j in 0..<width { dRepresentation[slot * width + j] *= mask[j] } }
                    }
                }
                for b in 0..<bsz {
                    let steps = shape.lengths[b], d = b * width
                    switch c.pooling {
                    case .final:
                        for k in 0..<h { dTop[shape.row(steps - 1, b) * width + k] = dRepresentation[d + k] }
                        if c.bidirectional { for k in 0..<h { dTop[shape.row(0, b) * width + h + k] = dRepresentation[d + h + k] } }
                    case .mean:
                        let inv = 1 / T(steps)
                        for t in 0..<steps { for j in 0..<width { dTop[shape.row(t, b) * width + j] = dRepresentation[d + j] * inv } }
                    case .max:
                        for j in 0..<width { dTop[shape.row(pass.argmax[d + j], b) * width + j] = dRepresentation[d + j] }
                    }
                }
                dInput = RecurrentEngine.backward(p, layout.stack(c), trace: pass.stack, dOutput: dTop, shape: shape, gradient: gr)
            }
        }
        dInput.withUnsafeBufferPointer { dx in
            for (slot, i) in shape.order.enumerated() {
                for (t, token) in examples[i].tokens.enumerated() where !frozenRows.contains(Int(token)) {
                    g.addRow(token, dx.baseAddress! + shape.row(t, slot) * e)
                }
            }
        }
        return (loss, correct)
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func forward(batch sentences: [[Int32]], dropoutMasks: [[T]?]?) -> BatchPass {
        precondition(sentences.allSatisfy { !$0.isEmpty }, "RecurrentNetwork: empty sentence (encode it as [0], the unknown word)")
        let shape = SequenceBatch(lengths: sentences.map(\.count))
        let c = configuration, e = c.embeddingDimension, h = c.hidden, width = c.outputWidth, bsz = shape.batch, n = c.classes
        var x = [T](repeating: 0, count: shape.rows * e)
        embeddings.withUnsafeBufferPointer { table in
            x.withUnsafeMutableBufferPointer { xb in
                for (slot, i) in shape.order.enumerated() {
                    for (t, token) in sentences[i].enumerated() {
                        let source = table.baseAddress! + Int(token) * e, target = xb.baseAddress! + shape.row(t, slot) * e
                        for k in 0..<e { target[k] = source[k] }
                    }
                }
            }
        }
        var pass = BatchPass(shape: shape)
        var top: [T] = []
        parameters.withUnsafeBufferPointer { pp in
            (top, pass.stack) = RecurrentEngine.forward(pp.baseAddress!, layout.stack(c), input: x, shape: shape)
        }
        // Pooling over each sentence's own steps.
        var representation = [T](repeating: 0, count: bsz * width)
        if c.pooling == .max { pass.argmax = [Int](repeating: 0, count: bsz * width) }
        for b in 0..<bsz {
            let steps = shape.lengths[b], d = b * width
            switch c.pooling {
            case .final:
                for k in 0..<h { representation[d + k] = top[shape.row(steps - 1, b) * width + k] }
                if c.bidirectional { for k in 0..<h { representation[d + h + k] = top[shape.row(0, b) * width + h + k] } }
            case .mean:
                for t in 0..<steps { for j in 0..<width { representation[d + j] += top[shape.row(t, b) * width + j] } }
                let inv = 1 / T(steps)
                for j in 0..<width { representation[d + j] *= inv }
            case .max:
                for j in 0..<width {
                    var best = top[shape.row(0, b) * width + j]
                    for t in 1..<max(steps, 1) where top[shape.row(t, b) * width + j] > best {
                        best = top[shape.row(t, b) * width + j]
                        pass.argmax[d + j] = t
                    }
                    representation[d + j] = best
                }
            }
        }
        if let dropoutMasks {
            for (slot, i) in shape.order.enumerated() {
                if let mask = dropoutMasks[i] { for j in 0..<width { representation[slot * width + j] *= mask[j] } }
            }
        }
        (pass.logits, pass.probabilities) = DenseSoftmax.forward(parameters, layout, input: representation, rows: bsz,
                                                                 width: width, classes: n)
        pass.representation = representation
        return pass
    }
}

import Kernels
@testable import Recurrent

/// The classifier one sentence at a time, with its own length, as matrix-vector products
/// (`RecurrentStack`): the scalar reference the batched path (`RecurrentNetwork+Batch` on
/// `RecurrentEngine`, which training and prediction use) is checked against, itself checked
/// by central differences (`GradientCheckTests`).
extension RecurrentNetwork {
    /// Class probabilities for one sentence (no dropout).
    /// - Complexity: O(steps x layers x directions x gates x hidden x (input + hidden)).
    public func probabilities(_ tokens: [Int32]) -> [T] {
        forward(tokens, dropoutMask: nil).probabilities
    }

    /// Cross-entropy loss of one sentence, with an optional dropout mask on the sentence
    /// vector (for gradient checks).
    public func loss(_ tokens: [Int32], label: Int, dropoutMask: [T]? = nil) -> T {
        forward(tokens, dropoutMask: dropoutMask).loss(label)
    }

    /// Runs forward and backward for one sentence, adding the gradient of its loss to `g`.
    /// Rows of the embedding table in `frozenRows` get no gradient.
    /// - Returns: the loss and whether the most probable label was `label`.
    /// - Complexity: about three times `probabilities`.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func accumulateGradient(_ tokens: [Int32], label: Int, dropoutMask: [T]? = nil,
                                   frozenRows: Range<Int> = 0..<0, into g: inout Gradient<T>) -> (loss: T, correct: Bool) {
        let pass = forward(tokens, dropoutMask: dropoutMask)
        let c = configuration, steps = tokens.count, width = c.outputWidth, h = c.hidden
        // Softmax cross-entropy, dense layer and dropout.
        var dLogits = pass.probabilities
        dLogits[label] -= 1
        var dRepresentation = [T](repeating: 0, count: width)
        var dTop = [T](repeating: 0, count: steps * width)
        var dInput: [T] = []
        parameters.withUnsafeBufferPointer { pp in
            g.parameters.withUnsafeMutableBufferPointer { gp in
                let p = pp.baseAddress!, gr = gp.baseAddress!
                let dense = layout.dense
                for k in 0..<c.classes { gr[layout.denseBias.offset + k] += dLogits[k] }
                pass.dropped.withUnsafeBufferPointer { x in
                    dLogits.withUnsafeBufferPointer { dy in
                        RealKernels.outerAdd(dy.baseAddress!, x.baseAddress!, into: gr + dense.offset, rows: dense.rows, cols: dense.cols)
                        dRepresentation.withUnsafeMutableBufferPointer { dr in
                            RealKernels.transposeMultiplyAdd(p + dense.offset, rows: dense.rows, cols: dense.cols,
                                                         dy.baseAddress!, into: dr.baseAddress!)
                        }
                    }
                }
                if let mask = dropoutMask { for j in 0..<width { dRepresentation[j] *= mask[j] } }
                // Pooling.
                switch c.pooling {
                case .final:
                    for k in 0..<h { dTop[(steps - 1) * width + k] = dRepresentation[k] }
                    if c.bidirectional { for k in 0..<h { dTop[h + k] = dRepresentation[h + k] } }
                case .mean:
                    let inv = 1 / T(steps)
                    for t in 0..<steps { for j in 0..<width { dTop[t * width + j] = dRepresentation[j] * inv } }
                case .max:
                    for j in 0..<width { dTop[pass.argmax[j] * width + j] = dRepresentation[j] }
                }
                dTop = RecurrentStack.backward(p, layout.stack(c), trace: pass.stack, dOutput: dTop, steps: steps, gradient: gr)
                dInput = dTop
            }
        }
        let e = c.embeddingDimension
        dInput.withUnsafeBufferPointer { dx in
            for (t, token) in tokens.enumerated() where !frozenRows.contains(Int(token)) {
                g.addRow(token, dx.baseAddress! + t * e)
            }
        }
        return (pass.loss(label), pass.predicted == label)
    }

    /// The activations of one sentence.
    struct Pass {
        var stack = RecurrentStack.Trace<T>()
        /// For max pooling, the step that won each component.
        var argmax: [Int] = []
        /// The sentence vector after dropout.
        var dropped: [T] = []
        var logits: [T] = []
        var probabilities: [T] = []

        var predicted: Int { probabilities.indices.max { probabilities[$0] < probabilities[$1] }! }

        /// -log softmax(logits)[label], by log-sum-exp.
        func loss(_ label: Int) -> T {
            let top = logits.max()!
            var sum: T = 0
            for v in logits { sum += T.exp(v - top) }
            return top + T.log(sum) - logits[label]
        }
    }

    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func forward(_ tokens: [Int32], dropoutMask: [T]?) -> Pass {
        precondition(!tokens.isEmpty, "RecurrentNetwork: empty sentence (encode it as [0], the unknown word)")
        let c = configuration, steps = tokens.count, e = c.embeddingDimension, h = c.hidden, width = c.outputWidth
        var x = [T](repeating: 0, count: steps * e)
        for (t, token) in tokens.enumerated() {
            let row = Int(token) * e
            for k in 0..<e { x[t * e + k] = embeddings[row + k] }
        }
        var pass = Pass()
        parameters.withUnsafeBufferPointer { pp in
            let p = pp.baseAddress!
            (x, pass.stack) = RecurrentStack.forward(p, layout.stack(c), input: x, steps: steps)
        }
        // Pooling over the top layer's outputs.
        var representation = [T](repeating: 0, count: width)
        switch c.pooling {
        case .final:
            for k in 0..<h { representation[k] = x[(steps - 1) * width + k] }
            if c.bidirectional { for k in 0..<h { representation[h + k] = x[h + k] } }
        case .mean:
            for t in 0..<steps { for j in 0..<width { representation[j] += x[t * width + j] } }
            let inv = 1 / T(steps)
            for j in 0..<width { representation[j] *= inv }
        case .max:
            pass.argmax = [Int](repeating: 0, count: width)
            for j in 0..<width {
                var best = x[j]
                for t in 1..<max(steps, 1) where x[t * width + j] > best {
                    best = x[t * width + j]
                    pass.argmax[j] = t
                }
                representation[j] = best
            }
        }
        if let mask = dropoutMask { for j in 0..<width { representation[j] *= mask[j] } }
        // Dense layer and softmax.
        var logits = [T](parameters[layout.denseBias.range])
        parameters.withUnsafeBufferPointer { p in
            representation.withUnsafeBufferPointer { r in
                logits.withUnsafeMutableBufferPointer { l in
                    RealKernels.multiplyAdd(p.baseAddress! + layout.dense.offset, rows: c.classes, cols: width,
                                        r.baseAddress!, into: l.baseAddress!)
                }
            }
        }
        let top = logits.max()!
        var probabilities = logits.map { T.exp($0 - top) }
        let sum = probabilities.reduce(0, +)
        for k in probabilities.indices { probabilities[k] /= sum }
        pass.dropped = representation
        pass.logits = logits
        pass.probabilities = probabilities
        return pass
    }
}

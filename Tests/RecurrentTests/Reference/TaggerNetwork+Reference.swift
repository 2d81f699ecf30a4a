import Kernels
import Embeddings
@testable import Recurrent

/// The tagger one sentence at a time (`RecurrentStack`): the scalar reference the batched
/// path (`TaggerNetwork+Batch` on `RecurrentEngine`) is checked against, itself checked by
/// central differences (`TaggerGradientCheckTests`).
extension TaggerNetwork {
    /// The activations of one sentence.
    struct Pass {
        var input: [T] = []
        var stack = RecurrentStack.Trace<T>()
        /// The top layer's outputs after dropout: steps x outputWidth.
        var top: [T] = []
        /// steps x tags.
        var logits: [T] = []
        var probabilities: [T] = []
    }

    /// Tag probabilities, steps x tags (no dropout).
    public func probabilities(_ sentence: EncodedSentence) -> [T] { forward(sentence, masks: nil).probabilities }

    /// The most probable tag of every token.
    /// - Complexity: O(steps x layers x directions x gates x hidden x (input + hidden)).
    public func predict(_ sentence: EncodedSentence) -> [Int] {
        let p = probabilities(sentence), n = configuration.tags
        return (0..<sentence.count).map { t in (0..<n).max { p[t * n + $0] < p[t * n + $1] }! }
    }

    /// Summed cross-entropy of the tags of one sentence (for gradient checks).
    public func loss(_ sentence: EncodedSentence, tags: [Int], masks: Masks? = nil) -> T {
        Self.loss(forward(sentence, masks: masks).logits, tags: tags, classes: configuration.tags)
    }

    /// Sum over steps of -log softmax(logits_t)[tag_t], by log-sum-exp.
    static func loss(_ logits: [T], tags: [Int], classes n: Int) -> T {
        var total: T = 0
        for (t, tag) in tags.enumerated() {
            let row = logits[t * n ..< (t + 1) * n]
            let top = row.max()!
            var sum: T = 0
            for v in row { sum += T.exp(v - top) }
            total += top + T.log(sum) - logits[t * n + tag]
        }
        return total
    }


    @_specialize(where T == Float)
    @_specialize(where T == Double)
    func forward(_ sentence: EncodedSentence, masks: Masks?) -> Pass {
        precondition(sentence.count > 0, "TaggerNetwork: empty sentence")
        let c = configuration, rc = c.recurrent, steps = sentence.count
        let width = c.inputWidth, n = c.tags, outWidth = rc.outputWidth
        var pass = Pass()
        var x = [T](repeating: 0, count: steps * width)
        parameters.withUnsafeBufferPointer { pp in
            embeddings.withUnsafeBufferPointer { table in
                x.withUnsafeMutableBufferPointer { xb in
                    for t in 0..<steps {
                        features(sentence, t, into: xb.baseAddress! + t * width, parameters: pp.baseAddress!, table: table.baseAddress!)
                    }
                }
            }
            if let masks { for i in x.indices { x[i] *= masks.input[i] } }
            let (output, stack) = RecurrentStack.forward(pp.baseAddress!, layout.stack(rc), input: x, steps: steps)
            pass.stack = stack
            pass.top = output
        }
        if let masks { for i in pass.top.indices { pass.top[i] *= masks.output[i] } }
        var logits = [T](repeating: 0, count: steps * n)
        parameters.withUnsafeBufferPointer { pp in
            pass.top.withUnsafeBufferPointer { top in
                logits.withUnsafeMutableBufferPointer { lb in
                    let p = pp.baseAddress!, l = lb.baseAddress!
                    for t in 0..<steps {
                        for k in 0..<n { l[t * n + k] = p[layout.denseBias.offset + k] }
                        RealKernels.multiplyAdd(p + layout.dense.offset, rows: n, cols: outWidth, top.baseAddress! + t * outWidth, into: l + t * n)
                    }
                }
            }
        }
        var probabilities = logits
        for t in 0..<steps {
            let top = logits[t * n ..< (t + 1) * n].max()!
            var sum: T = 0
            for k in 0..<n {
                let v = T.exp(logits[t * n + k] - top)
                probabilities[t * n + k] = v
                sum += v
            }
            for k in 0..<n { probabilities[t * n + k] /= sum }
        }
        pass.input = x
        pass.logits = logits
        pass.probabilities = probabilities
        return pass
    }

    /// Runs forward and backward for one sentence, adding the gradient of its summed loss to
    /// `g`. Word rows in `frozenRows` get no gradient.
    /// - Returns: the summed loss and the number of tokens whose most probable tag is right.
    /// - Complexity: about three times `probabilities`.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    public func accumulateGradient(_ sentence: EncodedSentence, tags: [Int], masks: Masks? = nil,
                                   frozenRows: Range<Int> = 0..<0, into g: inout Gradient<T>) -> (loss: T, correct: Int) {
        precondition(tags.count == sentence.count, "TaggerNetwork: \(tags.count) tags for \(sentence.count) tokens")
        let pass = forward(sentence, masks: masks)
        let c = configuration, rc = c.recurrent, steps = sentence.count, n = c.tags, outWidth = rc.outputWidth
        let e = c.wordDimension, width = c.inputWidth, sd = c.suffixDimension, lengths = TokenFeatures.suffixLengths
        var dLogits = pass.probabilities
        var correct = 0
        for (t, tag) in tags.enumerated() {
            let row = pass.probabilities[t * n ..< (t + 1) * n]
            if row.indices.max(by: { row[$0] < row[$1] })! - t * n == tag { correct += 1 }
            dLogits[t * n + tag] -= 1
        }
        var dTop = [T](repeating: 0, count: steps * outWidth)
        var dInput: [T] = []
        parameters.withUnsafeBufferPointer { pp in
            g.parameters.withUnsafeMutableBufferPointer { gp in
                let p = pp.baseAddress!, gr = gp.baseAddress!
                pass.top.withUnsafeBufferPointer { top in
                    dLogits.withUnsafeBufferPointer { dl in
                        dTop.withUnsafeMutableBufferPointer { dt in
                            for t in 0..<steps {
                                let dy = dl.baseAddress! + t * n
                                for k in 0..<n { gr[layout.denseBias.offset + k] += dy[k] }
                                RealKernels.outerAdd(dy, top.baseAddress! + t * outWidth, into: gr + layout.dense.offset, rows: n, cols: outWidth)
                                RealKernels.transposeMultiplyAdd(p + layout.dense.offset, rows: n, cols: outWidth, dy,
                                                             into: dt.baseAddress! + t * outWidth)
                            }
                        }
                    }
                }
                if let masks { for i in dTop.indices { dTop[i] *= masks.output[i] } }
                dInput = RecurrentStack.backward(p, layout.stack(rc), trace: pass.stack, dOutput: dTop, steps: steps, gradient: gr)
                if let masks { for i in dInput.indices { dInput[i] *= masks.input[i] } }
                // The suffix tables (dense, in `parameters`).
                for t in 0..<steps {
                    for l in 0..<lengths {
                        let target = suffixOffset + Int(sentence.suffixes[t * lengths + l]) * sd
                        for k in 0..<sd { gr[target + k] += dInput[t * width + e + l * sd + k] }
                    }
                }
            }
        }
        dInput.withUnsafeBufferPointer { dx in
            for (t, word) in sentence.words.enumerated() where !frozenRows.contains(Int(word)) {
                g.addRow(word, dx.baseAddress! + t * width)
            }
        }
        return (Self.loss(pass.logits, tags: tags, classes: n), correct)
    }
}

import Embeddings
import Kernels

/// A sequence tagger's weights and its forward and backward passes over one sentence:
/// [word vector | suffix vectors | flags] per token (`TokenFeatures`) -> input dropout ->
/// `RecurrentStack` -> output dropout -> dense -> softmax per token, with the summed
/// per-token cross-entropy as the loss (the many-to-many RNN of Graves 2012, ch. 3; the
/// BiLSTM tagger of Huang, Xu & Yu 2015 without its CRF).
///
/// `parameters` holds the recurrent layers and the dense layer (`layout`, as the
/// classifier's `ParameterLayout`), followed by the suffix tables; the word table
/// `embeddings` is apart, updated sparsely. Here sentences are processed one at a time with
/// their own length: the reference that the batched path (`TaggerNetwork+Batch`, which
/// training and tagging use) is tested against. The value is immutable during a batch, so
/// worker threads share it.
public struct TaggerNetwork<T: Real>: Sendable {
    public let configuration: TaggerConfiguration
    /// Offsets of the recurrent and dense tensors in `parameters`.
    public let layout: ParameterLayout
    /// Recurrent and dense weights (`layout`), then the suffix tables
    /// (`TokenFeatures.suffixLengths x suffixBuckets x suffixDimension`).
    public var parameters: [T]
    /// `vocabularySize x wordDimension`, row-major; row 0 is the shared unknown word.
    public var embeddings: [T]

    public init(configuration: TaggerConfiguration, parameters: [T], embeddings: [T]) {
        let layout = ParameterLayout(configuration.recurrent)
        precondition(parameters.count == layout.count + configuration.suffixCount,
                     "TaggerNetwork: \(parameters.count) parameters, the configuration needs \(layout.count + configuration.suffixCount)")
        precondition(!embeddings.isEmpty && embeddings.count % configuration.wordDimension == 0,
                     "TaggerNetwork: the embedding table is not a whole number of rows")
        self.configuration = configuration
        self.layout = layout
        self.parameters = parameters
        self.embeddings = embeddings
    }

    /// A new network around `embeddings`: recurrent and dense weights initialised as
    /// `RecurrentNetwork`'s, suffix vectors uniform in +-0.1.
    public init(configuration: TaggerConfiguration, embeddings: [T], seed: UInt64) {
        let recurrent = RecurrentNetwork<T>(configuration: configuration.recurrent,
                                            embeddings: [T](repeating: 0, count: configuration.inputWidth), seed: seed)
        var rng = SeededGenerator(seed: seed, stream: 0x5F1, index: 0)
        let suffixes = (0..<configuration.suffixCount).map { _ in T(0.2 * rng.uniform() - 0.1) }
        self.init(configuration: configuration, parameters: recurrent.parameters + suffixes, embeddings: embeddings)
    }

    public var vocabularySize: Int { embeddings.count / configuration.wordDimension }
    var suffixOffset: Int { layout.count }

    /// Dropout masks for one sentence: on the input vectors (steps x inputWidth) and on the
    /// top layer's outputs (steps x outputWidth); inverted dropout (Srivastava et al. 2014).
    public struct Masks: Sendable {
        public var input: [T]
        public var output: [T]
        public init(input: [T], output: [T]) {
            self.input = input
            self.output = output
        }
    }

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

    /// Writes the input row of token `t` of `sentence`, [word vector | suffix vectors | flags],
    /// at `row` (`configuration.inputWidth` values).
    @inline(__always)
    func features(_ sentence: EncodedSentence, _ t: Int, into row: UnsafeMutablePointer<T>,
                  parameters p: UnsafePointer<T>, table: UnsafePointer<T>) {
        let e = configuration.wordDimension, sd = configuration.suffixDimension, lengths = TokenFeatures.suffixLengths
        let word = table + Int(sentence.words[t]) * e
        for k in 0..<e { row[k] = word[k] }
        for l in 0..<lengths {
            let suffix = p + suffixOffset + Int(sentence.suffixes[t * lengths + l]) * sd
            for k in 0..<sd { row[e + l * sd + k] = suffix[k] }
        }
        let flags = sentence.flags[t], base = e + lengths * sd
        for b in 0..<TokenFeatures.flagCount { row[base + b] = flags & (1 << b) != 0 ? 1 : 0 }
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
            let (output, stack) = RecurrentStack.forward(pp.baseAddress!, layout, rc, input: x, steps: steps)
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
                dInput = RecurrentStack.backward(p, layout, rc, trace: pass.stack, dOutput: dTop, steps: steps, gradient: gr)
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

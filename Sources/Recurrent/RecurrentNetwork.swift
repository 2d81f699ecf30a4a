import Embeddings
import Kernels
/// A recurrent sentence classifier's weights and its forward and backward passes:
/// embeddings -> stacked (bi)directional RNN/GRU/LSTM layers -> pooling -> dropout ->
/// dense -> softmax cross-entropy. A sentence is a sequence of embedding-row ids; row 0
/// is the shared out-of-vocabulary vector.
///
/// Here sentences are processed one at a time with their own length, as matrix-vector
/// products: the reference that the batched path (`RecurrentNetwork+Batch`, which training and
/// prediction use) is tested against. The value is immutable during a batch, so workers
/// share it without locks.
public struct RecurrentNetwork<T: Real>: Sendable {
    public let configuration: NetworkConfiguration
    public let layout: ParameterLayout
    /// All weights but the embeddings, laid out by `layout`.
    public var parameters: [T]
    /// The embedding table, `vocabularySize x embeddingDimension`, row-major.
    public var embeddings: [T]

    /// Wraps existing weights (e.g. read from a model file).
    public init(configuration: NetworkConfiguration, parameters: [T], embeddings: [T]) {
        let layout = ParameterLayout(configuration)
        precondition(parameters.count == layout.count, "RecurrentNetwork: \(parameters.count) parameters, layout needs \(layout.count)")
        precondition(!embeddings.isEmpty && embeddings.count % configuration.embeddingDimension == 0,
                     "RecurrentNetwork: the embedding table is not a whole number of rows")
        self.configuration = configuration
        self.layout = layout
        self.parameters = parameters
        self.embeddings = embeddings
    }

    /// A new network around `embeddings`, its other weights drawn from `seed`: recurrent
    /// and input matrices uniform in +-1/sqrt(hidden) (as PyTorch's RNN layers), the dense
    /// layer uniform in +-sqrt(6 / (fan-in + fan-out)) (Glorot & Bengio 2010), biases 0
    /// except the LSTM forget gate's, 1 (Jozefowicz et al. 2015).
    public init(configuration: NetworkConfiguration, embeddings: [T], seed: UInt64) {
        let layout = ParameterLayout(configuration)
        var rng = SeededGenerator(seed: seed)
        var p = [T](repeating: 0, count: layout.count)
        func fill(_ t: ParameterLayout.Tensor, _ bound: Double) {
            for i in t.range { p[i] = T(bound * (2 * rng.uniform() - 1)) }
        }
        let h = configuration.hidden
        for row in layout.directions {
            for dir in row {
                fill(dir.input, 1 / Double(h).squareRoot())
                fill(dir.recurrent, 1 / Double(h).squareRoot())
                if configuration.cell == .lstm {
                    for k in 0..<h { p[dir.bias.offset + h + k] = 1 }
                }
            }
        }
        fill(layout.dense, (6 / Double(layout.dense.rows + layout.dense.cols)).squareRoot())
        self.init(configuration: configuration, parameters: p, embeddings: embeddings)
    }

    /// Number of rows of the embedding table.
    public var vocabularySize: Int { embeddings.count / configuration.embeddingDimension }

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
                // The recurrent layers, top down.
                for layer in stride(from: c.layers - 1, through: 0, by: -1) {
                    let inWidth = c.inputWidth(layer: layer)
                    var dIn = [T](repeating: 0, count: steps * inWidth)
                    for d in 0..<c.directions {
                        let reversed = d == 1
                        var dStates = [T](repeating: 0, count: steps * h)
                        for t in 0..<steps {
                            let source = reversed ? steps - 1 - t : t
                            for k in 0..<h { dStates[source * h + k] = dTop[t * width + d * h + k] }
                        }
                        let input = reversed ? Self.reverseRows(pass.inputs[layer], width: inWidth) : pass.inputs[layer]
                        var dSequence = [T](repeating: 0, count: steps * inWidth)
                        input.withUnsafeBufferPointer { x in
                            dStates.withUnsafeBufferPointer { ds in
                                dSequence.withUnsafeMutableBufferPointer { dx in
                                    c.cell.backward(p, layout.directions[layer][d], trace: pass.traces[layer][d],
                                                    input: x.baseAddress!, dStates: ds.baseAddress!,
                                                    gradient: gr, dInput: dx.baseAddress!)
                                }
                            }
                        }
                        for t in 0..<steps {
                            let target = reversed ? steps - 1 - t : t
                            for k in 0..<inWidth { dIn[target * inWidth + k] += dSequence[t * inWidth + k] }
                        }
                    }
                    dTop = dIn
                }
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
        /// The input of each layer: steps x width.
        var inputs: [[T]] = []
        /// `traces[layer][direction]`.
        var traces: [[DirectionTrace<T>]] = []
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
            for layer in 0..<c.layers {
                let inWidth = c.inputWidth(layer: layer)
                var out = [T](repeating: 0, count: steps * width)
                var traces: [DirectionTrace<T>] = []
                for d in 0..<c.directions {
                    let reversed = d == 1
                    let input = reversed ? Self.reverseRows(x, width: inWidth) : x
                    let trace = input.withUnsafeBufferPointer {
                        c.cell.forward(p, layout.directions[layer][d], hidden: h, input: $0.baseAddress!, steps: steps)
                    }
                    for t in 0..<steps {
                        let source = reversed ? steps - 1 - t : t
                        for k in 0..<h { out[t * width + d * h + k] = trace.states[(source + 1) * h + k] }
                    }
                    traces.append(trace)
                }
                pass.inputs.append(x)
                pass.traces.append(traces)
                x = out
            }
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

    /// The rows of a `width`-column matrix in reverse order (the backward direction reads
    /// the sentence from its last word).
    static func reverseRows(_ m: [T], width: Int) -> [T] {
        let rows = m.count / width
        var out = [T](repeating: 0, count: m.count)
        for t in 0..<rows {
            let source = (rows - 1 - t) * width
            for k in 0..<width { out[t * width + k] = m[source + k] }
        }
        return out
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Kernels

/// The update rule.
public enum OptimizerKind: Sendable, Equatable {
    /// Adam (Kingma & Ba 2015) with beta1 0.9, beta2 0.999, epsilon 1e-8.
    case adam
    /// Stochastic gradient descent with heavy-ball momentum (Polyak 1964): `v = mu v + g`, `w -= lr v`.
    case sgd(momentum: Double)
}

/// Applies one update per batch: L2 decay, clipping by global norm (Pascanu et al. 2013),
/// then Adam or SGD with momentum. Embedding rows are updated lazily: only the rows a
/// batch touched, their moments included (as TensorFlow's LazyAdam and PyTorch's
/// SparseAdam), so that a 70,000-word table costs nothing for the words a batch lacks.
public struct Optimizer<T: Real>: Sendable {
    public let kind: OptimizerKind
    public var learningRate: Double
    /// Maximum global gradient norm; 0 disables clipping.
    public let clip: Double
    /// L2 weight decay on the weight matrices (`l2 / 2 * |W|^2` added to the loss); biases
    /// and embeddings are not decayed.
    public let l2: Double
    private var first: [T]
    private var second: [T]
    private var embeddingFirst: [T]
    private var embeddingSecond: [T]
    private var steps = 0
    private let decayMask: [Bool]

    public init(kind: OptimizerKind, learningRate: Double, clip: Double, l2: Double,
                layout: ParameterLayout, embeddingCount: Int) {
        var mask = [Bool](repeating: false, count: layout.count)
        for t in layout.tensors where t.isWeight { for i in t.range { mask[i] = true } }
        self.init(kind: kind, learningRate: learningRate, clip: clip, l2: l2, decayMask: mask, embeddingCount: embeddingCount)
    }

    /// An optimiser of `decayMask.count` flat parameters (those marked true get L2 decay)
    /// and a sparsely updated table of `embeddingCount` values.
    public init(kind: OptimizerKind, learningRate: Double, clip: Double, l2: Double, decayMask: [Bool], embeddingCount: Int) {
        self.kind = kind
        self.learningRate = learningRate
        self.clip = clip
        self.l2 = l2
        first = [T](repeating: 0, count: decayMask.count)
        embeddingFirst = [T](repeating: 0, count: embeddingCount)
        if kind == .adam {
            second = first
            embeddingSecond = embeddingFirst
        } else {
            second = []
            embeddingSecond = []
        }
        self.decayMask = decayMask
    }

    /// Updates `network` with the batch gradient `g` (already averaged over the batch).
    /// - Returns: the global gradient norm before clipping (L2 term included).
    /// - Complexity: O(parameters + touched rows x dimension).
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    @discardableResult
    public mutating func step(_ network: inout RecurrentNetwork<T>, gradient g: inout Gradient<T>) -> Double {
        step(parameters: &network.parameters, embeddings: &network.embeddings,
             dimension: network.configuration.embeddingDimension, gradient: &g)
    }

    /// Updates flat `parameters` and the rows of `embeddings` (`dimension` wide) the gradient touched.
    @_specialize(where T == Float)
    @_specialize(where T == Double)
    @discardableResult
    public mutating func step(parameters: inout [T], embeddings: inout [T], dimension e: Int, gradient g: inout Gradient<T>) -> Double {
        precondition(parameters.count == first.count && embeddings.count == embeddingFirst.count, "Optimizer: shapes differ from its moments")
        if l2 > 0 {
            let decay = T(l2)
            for i in g.parameters.indices where decayMask[i] { g.parameters[i] += decay * parameters[i] }
        }
        let norm = g.squaredNorm.squareRoot()
        if clip > 0 && norm > clip { g.scale(by: T(clip / norm)) }
        steps += 1
        switch kind {
        case .adam:
            let b1 = 0.9, b2 = 0.999
            let rate = T(learningRate * (1 - pow(b2, Double(steps))).squareRoot() / (1 - pow(b1, Double(steps))))
            Self.adam(&parameters, g.parameters, &first, &second, rate: rate)
            for (i, row) in g.rows.enumerated() {
                let base = Int(row) * e
                Self.adam(&embeddings, g.rowValues, &embeddingFirst, &embeddingSecond, rate: rate,
                          target: base, source: i * e, count: e)
            }
        case .sgd(let momentum):
            let mu = T(momentum), rate = T(learningRate)
            for i in parameters.indices {
                first[i] = mu * first[i] + g.parameters[i]
                parameters[i] -= rate * first[i]
            }
            for (i, row) in g.rows.enumerated() {
                let base = Int(row) * e
                for k in 0..<e {
                    embeddingFirst[base + k] = mu * embeddingFirst[base + k] + g.rowValues[i * e + k]
                    embeddings[base + k] -= rate * embeddingFirst[base + k]
                }
            }
        }
        return norm
    }

    /// The Adam update of `count` values (all of them by default), with the bias
    /// corrections folded into `rate` (Kingma & Ba 2015, end of section 2).
    @inline(__always)
    private static func adam(_ w: inout [T], _ g: [T], _ m: inout [T], _ v: inout [T], rate: T,
                             target: Int = 0, source: Int = 0, count: Int? = nil) {
        let n = count ?? w.count
        let b1: T = 0.9, b2: T = 0.999, epsilon: T = 1e-8
        w.withUnsafeMutableBufferPointer { w in
            m.withUnsafeMutableBufferPointer { m in
                v.withUnsafeMutableBufferPointer { v in
                    g.withUnsafeBufferPointer { g in
                        for k in 0..<n {
                            let gk = g[source + k], i = target + k
                            m[i] = b1 * m[i] + (1 - b1) * gk
                            v[i] = b2 * v[i] + (1 - b2) * gk * gk
                            w[i] -= rate * m[i] / (v[i].squareRoot() + epsilon)
                        }
                    }
                }
            }
        }
    }
}

import Foundation
import Kernels
import Embeddings

/// Hyperparameters of `LanguageModelTrainer` (defaults: the reference configuration).
public struct LanguageModelTrainingOptions: Sendable {
    /// Truncated-BPTT length: steps per chunk (`--bptt`).
    public var bptt = 35
    /// Parallel streams the token sequence is cut into (`--batch`).
    public var batch = 32
    /// Streams of dev/test evaluation (PyTorch's example uses 10).
    public var evalBatch = 10
    public var epochs = 6
    /// Stop after this many epochs without a better dev perplexity; 0 never stops early.
    public var patience = 0
    public var optimizer: LanguageModelOptimizer.Kind = .adam
    public var learningRate = 2e-3
    /// Maximum global gradient norm (`clip_grad_norm_`); 0 disables.
    public var clip = 5.0
    public var dropout = 0.3
    /// Keep the embedding table fixed (its rows get no update and no part of the norm).
    public var freezeEmbedding = false
    public var seed: UInt64 = 1
    public var threads = 2
    public init() {}
}

/// One epoch's figures.
public struct LanguageModelEpochReport: Sendable {
    public let epoch: Int
    /// Mean training cross-entropy (nats per token, dropout on).
    public let trainLoss: Double
    public let devLoss: Double
    public let tokens: Int
    public let seconds: Double
    public let isBest: Bool
    public var trainPerplexity: Double { Foundation.exp(trainLoss) }
    public var devPerplexity: Double { Foundation.exp(devLoss) }
    public var tokensPerSecond: Double { Double(tokens) / max(seconds, 1e-9) }
}

/// Trains a language model as PyTorch's `word_language_model` example does (`main.py`,
/// `batchify`/`get_batch`/`repackage_hidden`/`train`/`evaluate`): the training ids cut into
/// `batch` parallel streams, chunks of `bptt` steps, the hidden state carried from chunk to
/// chunk and detached, the mean cross-entropy of a chunk's tokens, global-norm clipping,
/// Adam (or plain SGD), dev perplexity after each epoch; the best dev model is kept.
public enum LanguageModelTrainer {
    /// The ids as `batch` streams: stream `b` is `ids[b*n ..< (b+1)*n]`, `n = count / batch`
    /// (the tail that does not fill a stream is dropped, as `batchify`).
    static func streams(_ ids: [Int32], batch: Int) -> (data: [Int32], length: Int) {
        let n = ids.count / batch
        return (Array(ids[0 ..< n * batch]), n)
    }

    /// The chunk starting at step `i`: inputs and targets time-major (`t * batch + b`).
    static func chunk(_ s: (data: [Int32], length: Int), batch: Int, at i: Int, bptt: Int) -> (inputs: [Int32], targets: [Int32]) {
        let steps = min(bptt, s.length - 1 - i)
        var inputs = [Int32](repeating: 0, count: steps * batch), targets = inputs
        for t in 0..<steps {
            for b in 0..<batch {
                inputs[t * batch + b] = s.data[b * s.length + i + t]
                targets[t * batch + b] = s.data[b * s.length + i + t + 1]
            }
        }
        return (inputs, targets)
    }

    /// Mean cross-entropy (nats per token) of `ids` under `model`, no dropout, the state carried
    /// across chunks of `bptt` steps over `batch` streams (PyTorch's `evaluate`).
    /// - Complexity: one forward pass over the ids.
    public static func evaluate<T: Real>(_ model: LanguageModel<T>, ids: [Int32], batch: Int, bptt: Int, threads: Int) -> Double {
        let b = max(1, min(batch, ids.count / 2))
        let s = streams(ids, batch: b)
        guard s.length >= 2 else { return .nan }
        var state = model.initialState(batch: b)
        var generator = SeededGenerator(seed: 0)
        var total = 0.0, count = 0
        var i = 0
        while i < s.length - 1 {
            let (inputs, targets) = chunk(s, batch: b, at: i, bptt: bptt)
            let trace = model.forward(tokens: inputs, targets: targets, batch: b, state: &state, dropout: 0,
                                      generator: &generator, threads: threads)
            total += trace.loss
            count += targets.count
            i += bptt
        }
        return total / Double(count)
    }

    /// Trains `model` in place on `TrainingLoop` and leaves it at the epoch with the best dev loss.
    /// - Returns: one report per epoch run.
    /// - Complexity: epochs x (3 x forward cost of the training ids) + one dev pass per epoch.
    public static func train(_ model: inout LanguageModel<Float>, train ids: [Int32], dev: [Int32],
                             options o: LanguageModelTrainingOptions,
                             progress: (TrainingProgress) -> Void = { _ in },
                             epochDone: (LanguageModelEpochReport) -> Void = { _ in }) -> [LanguageModelEpochReport] {
        var task = LanguageModelTask(model: model, train: ids, dev: dev, options: o)
        func report(_ e: EpochSummary) -> LanguageModelEpochReport {
            LanguageModelEpochReport(epoch: e.epoch, trainLoss: e.trainLoss, devLoss: e.dev?.loss ?? .nan, tokens: e.units,
                                     seconds: e.trainingSeconds, isBest: e.isBest)
        }
        let outcome = TrainingLoop.run(&task, model: &model, epochs: o.epochs, patience: o.patience, seed: o.seed,
                                       progress: progress, epochDone: { epochDone(report($0)) })
        return outcome.epochs.map(report)
    }
}

/// The language model's chunks for `TrainingLoop` (`word_language_model`'s `train()`): the
/// training ids as `batch` streams in their own order, chunks of `bptt` steps with the state
/// carried and detached, the mean cross-entropy of a chunk, Adam or SGD after global-norm
/// clipping; threads spread inside the GEMMs.
struct LanguageModelTask: TrainingTask {
    let streams: (data: [Int32], length: Int)
    let dev: [Int32]
    let options: LanguageModelTrainingOptions
    var optimizer: LanguageModelOptimizer
    var gradient: [Float]
    var generator: SeededGenerator
    let frozen: Range<Int>
    /// Kept across chunks so that its buffers are reused.
    var trace: ChunkTrace<Float>

    init(model: LanguageModel<Float>, train ids: [Int32], dev: [Int32], options o: LanguageModelTrainingOptions) {
        streams = LanguageModelTrainer.streams(ids, batch: o.batch)
        self.dev = dev
        options = o
        optimizer = LanguageModelOptimizer(kind: o.optimizer, learningRate: o.learningRate, clip: o.clip, count: model.parameters.count)
        gradient = [Float](repeating: 0, count: model.parameters.count)
        generator = SeededGenerator(seed: o.seed, stream: 1, index: 0)
        let c = model.configuration
        frozen = o.freezeEmbedding ? model.layout.embedding ..< model.layout.embedding + c.vocabularySize * c.dimension : 0..<0
        trace = ChunkTrace<Float>(steps: 0, batch: o.batch, tokens: [], targets: [])
    }

    var exampleCount: Int { 0 }
    var unitsPerEpoch: Int { (streams.length - 1) * options.batch }
    var countsCorrect: Bool { false }

    mutating func epoch(_ epoch: Int, order: [Int], model: inout LanguageModel<Float>, batchDone: (BatchTally) -> Void) {
        let o = options
        var state = model.initialState(batch: o.batch)
        var i = 0, chunks = 0
        PhaseClock.restart()
        while i < streams.length - 1 {
            let (inputs, targets) = LanguageModelTrainer.chunk(streams, batch: o.batch, at: i, bptt: o.bptt)
            PhaseClock.mark(.chunk)
            model.forward(tokens: inputs, targets: targets, batch: o.batch, state: &state, dropout: o.dropout,
                          generator: &generator, threads: o.threads, into: &trace)
            let scale = 1 / Float(targets.count), trace = trace
            gradient.withUnsafeMutableBufferPointer { g in
                model.backward(trace, scale: scale, gradient: g.baseAddress!, threads: o.threads)
            }
            for k in frozen { gradient[k] = 0 }
            optimizer.step(&model.parameters, gradient: &gradient, frozen: frozen, threads: o.threads)
            PhaseClock.mark(.optimizer)
            chunks += 1
            if PhaseClock.enabled && chunks % 100 == 0 {
                FileHandle.standardError.write(Data(("\n" + PhaseClock.report(chunks: 100) + "\n").utf8))
            }
            i += o.bptt
            batchDone(BatchTally(units: targets.count, loss: trace.loss))
        }
    }

    func evaluate(_ model: LanguageModel<Float>) -> DevScore? {
        DevScore(loss: LanguageModelTrainer.evaluate(model, ids: dev, batch: options.evalBatch, bptt: options.bptt,
                                                     threads: options.threads))
    }
}

/// Adam or SGD over the flat parameter array, after global-norm clipping, with PyTorch's
/// arithmetic (`torch.optim.Adam`: bias corrections, `eps` added to the corrected root;
/// `clip_grad_norm_`: scale by `clip / (norm + 1e-6)` when the norm exceeds `clip`).
public struct LanguageModelOptimizer: Sendable {
    public enum Kind: Sendable, Equatable { case adam, sgd }
    let kind: Kind
    let learningRate: Double
    let clip: Double
    var first: [Float], second: [Float]
    var steps = 0

    init(kind: Kind, learningRate: Double, clip: Double, count: Int) {
        self.kind = kind
        self.learningRate = learningRate
        self.clip = clip
        first = kind == .adam ? [Float](repeating: 0, count: count) : []
        second = first
    }

    /// Clips `gradient` and applies one update; entries in `frozen` are left unchanged (their
    /// gradient must be zero). Leaves `gradient` zeroed for the next batch. The clipping scale
    /// is folded into the update (PyTorch scales the gradient in place first: the same
    /// arithmetic). Norm and update run eight lanes at a time, split over `threads`.
    /// - Returns: the gradient norm before clipping.
    /// - Complexity: O(parameters), two passes.
    @discardableResult
    mutating func step(_ w: inout [Float], gradient g: inout [Float], frozen: Range<Int>, threads: Int = 1) -> Double {
        let n = w.count
        precondition(g.count == n, "LanguageModelOptimizer: \(g.count) gradients for \(n) weights")
        let parts = max(1, min(threads, n / 65_536))
        let squares = g.withUnsafeBufferPointer { g in
            let shared = OptimizerOperands(w: nil, g: UnsafeMutablePointer(mutating: g.baseAddress!), m: nil, v: nil)
            let partial = UnsafeMutableBufferPointer<Double>.allocate(capacity: parts)
            defer { partial.deallocate() }
            let sums = OptimizerOperands(w: nil, g: nil, m: nil, v: nil, sums: partial.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                sums.sums![part] = Self.squaredNorm(shared.g!, WorkShare.range(part, of: parts, count: n))
            }
            return partial.reduce(0, +)
        }
        let norm = squares.squareRoot()
        let coefficient = clip > 0 && norm > clip ? Float(clip / (norm + 1e-6)) : 1
        steps += 1
        let outside = frozen.isEmpty ? [0 ..< n] : [0 ..< min(max(frozen.lowerBound, 0), n), min(max(frozen.upperBound, 0), n) ..< n]
        let kind = kind
        let rate = Float(learningRate) / (kind == .adam ? Float(1 - pow(0.9, Double(steps))) : 1)
        let root2 = Float((1 - pow(0.999, Double(steps))).squareRoot())
        w.withUnsafeMutableBufferPointer { w in
            g.withUnsafeMutableBufferPointer { g in
                first.withUnsafeMutableBufferPointer { m in
                    second.withUnsafeMutableBufferPointer { v in
                        let shared = OptimizerOperands(w: w.baseAddress!, g: g.baseAddress!, m: m.baseAddress, v: v.baseAddress)
                        DispatchQueue.concurrentPerform(iterations: parts) { part in
                            let share = WorkShare.range(part, of: parts, count: n)
                            for segment in outside {
                                let range = share.clamped(to: segment)
                                if range.isEmpty { continue }
                                if kind == .adam {
                                    Self.adam(shared, range, rate: rate, root2: root2, coefficient: coefficient)
                                } else {
                                    for k in range { shared.w![k] -= rate * coefficient * shared.g![k] }
                                }
                            }
                            for k in share { shared.g![k] = 0 }
                        }
                    }
                }
            }
        }
        return norm
    }

    /// `sum g[k]^2` over `range`: Float lanes over blocks of 1,024, each block added in Double.
    static func squaredNorm(_ g: UnsafePointer<Float>, _ range: Range<Int>) -> Double {
        var total = 0.0, k = range.lowerBound
        while k < range.upperBound {
            let end = min(k + 1024, range.upperBound)
            var acc = SIMD8<Float>()
            while k + 8 <= end {
                let x = load8(g + k)
                acc += x * x
                k += 8
            }
            var block = Double(acc.sum())
            while k < end { block += Double(g[k]) * Double(g[k]); k += 1 }
            total += block
        }
        return total
    }

    /// `torch.optim.Adam` (beta 0.9, 0.999, eps 1e-8) over `range` with the gradient times
    /// `coefficient`, `rate` = lr / (1 - beta1^t), `root2` = sqrt(1 - beta2^t).
    @inline(__always)
    static func adam(_ o: OptimizerOperands, _ range: Range<Int>, rate: Float, root2: Float, coefficient: Float) {
        let w = o.w!, g = o.g!, m = o.m!, v = o.v!
        let b1: Float = 0.9, b2: Float = 0.999, eps: Float = 1e-8, inverseRoot2 = 1 / root2
        var k = range.lowerBound
        while k + 8 <= range.upperBound {
            let gk = load8(g + k) * coefficient
            let mk = b1 * load8(m + k) + (1 - b1) * gk
            let vk = b2 * load8(v + k) + (1 - b2) * gk * gk
            store8(mk, m + k)
            store8(vk, v + k)
            store8(load8(w + k) - rate * mk / (vk.squareRoot() * inverseRoot2 + eps), w + k)
            k += 8
        }
        while k < range.upperBound {
            let gk = g[k] * coefficient
            m[k] = b1 * m[k] + (1 - b1) * gk
            v[k] = b2 * v[k] + (1 - b2) * gk * gk
            w[k] -= rate * m[k] / (v[k].squareRoot() * inverseRoot2 + eps)
            k += 1
        }
    }
}

/// The flat arrays the optimizer's worker threads update (disjoint ranges each).
/// `@unchecked Sendable`: the arrays outlive the parallel update and each worker reads and writes
/// only its own index range (and its own slot of `sums`).
struct OptimizerOperands: @unchecked Sendable {
    var w: UnsafeMutablePointer<Float>?
    var g: UnsafeMutablePointer<Float>?
    var m: UnsafeMutablePointer<Float>?
    var v: UnsafeMutablePointer<Float>?
    var sums: UnsafeMutablePointer<Double>? = nil
}

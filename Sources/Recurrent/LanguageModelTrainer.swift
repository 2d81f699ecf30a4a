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

/// Progress inside an epoch, for a status line.
public struct LanguageModelProgress: Sendable {
    public let epoch: Int
    public let tokensDone: Int
    public let tokensPerEpoch: Int
    public let meanLoss: Double
    public let tokensPerSecond: Double
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

    /// Trains `model` in place and leaves it at the epoch with the best dev loss.
    /// - Returns: one report per epoch run.
    /// - Complexity: epochs x (3 x forward cost of the training ids) + one dev pass per epoch.
    public static func train(_ model: inout LanguageModel<Float>, train ids: [Int32], dev: [Int32],
                             options o: LanguageModelTrainingOptions,
                             progress: (LanguageModelProgress) -> Void = { _ in },
                             epochDone: (LanguageModelEpochReport) -> Void = { _ in }) -> [LanguageModelEpochReport] {
        let s = streams(ids, batch: o.batch)
        let tokensPerEpoch = (s.length - 1) * o.batch
        var optimizer = LanguageModelOptimizer(kind: o.optimizer, learningRate: o.learningRate, clip: o.clip,
                                               count: model.parameters.count)
        let frozen = o.freezeEmbedding ? model.layout.embedding ..< model.layout.embedding + model.configuration.vocabularySize * model.configuration.dimension : 0..<0
        var gradient = [Float](repeating: 0, count: model.parameters.count)
        var generator = SeededGenerator(seed: o.seed, stream: 1, index: 0)
        var reports: [LanguageModelEpochReport] = []
        var best = model, bestLoss = Double.infinity, sinceBest = 0
        for epoch in 1...o.epochs {
            var state = model.initialState(batch: o.batch)
            let start = Date()
            var total = 0.0, count = 0, i = 0
            while i < s.length - 1 {
                let (inputs, targets) = chunk(s, batch: o.batch, at: i, bptt: o.bptt)
                let trace = model.forward(tokens: inputs, targets: targets, batch: o.batch, state: &state, dropout: o.dropout,
                                          generator: &generator, threads: o.threads)
                for k in gradient.indices { gradient[k] = 0 }
                gradient.withUnsafeMutableBufferPointer { g in
                    model.backward(trace, scale: 1 / Float(targets.count), gradient: g.baseAddress!, threads: o.threads)
                }
                for k in frozen { gradient[k] = 0 }
                optimizer.step(&model.parameters, gradient: &gradient, frozen: frozen)
                total += trace.loss
                count += targets.count
                i += o.bptt
                let seconds = Date().timeIntervalSince(start)
                progress(LanguageModelProgress(epoch: epoch, tokensDone: count, tokensPerEpoch: tokensPerEpoch,
                                               meanLoss: total / Double(count), tokensPerSecond: Double(count) / max(seconds, 1e-9)))
            }
            let seconds = Date().timeIntervalSince(start)
            let devLoss = evaluate(model, ids: dev, batch: o.evalBatch, bptt: o.bptt, threads: o.threads)
            let isBest = devLoss < bestLoss
            if isBest { best = model; bestLoss = devLoss; sinceBest = 0 } else { sinceBest += 1 }
            let report = LanguageModelEpochReport(epoch: epoch, trainLoss: total / Double(max(count, 1)), devLoss: devLoss,
                                                  tokens: count, seconds: seconds, isBest: isBest)
            reports.append(report)
            epochDone(report)
            if o.patience > 0 && sinceBest >= o.patience { break }
        }
        model = best
        return reports
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

    /// Clips `gradient` and applies one update; entries in `frozen` are left unchanged.
    /// - Returns: the gradient norm before clipping.
    @discardableResult
    mutating func step(_ w: inout [Float], gradient g: inout [Float], frozen: Range<Int>) -> Double {
        var squares = 0.0
        g.withUnsafeBufferPointer { g in
            for k in g.indices { squares += Double(g[k]) * Double(g[k]) }
        }
        let norm = squares.squareRoot()
        if clip > 0 && norm > clip {
            let scale = Float(clip / (norm + 1e-6))
            for k in g.indices { g[k] *= scale }
        }
        steps += 1
        switch kind {
        case .sgd:
            let rate = Float(learningRate)
            for k in w.indices where !frozen.contains(k) { w[k] -= rate * g[k] }
        case .adam:
            let b1: Float = 0.9, b2: Float = 0.999, eps: Float = 1e-8
            let correction1 = Float(1 - pow(0.9, Double(steps)))
            let root2 = Float((1 - pow(0.999, Double(steps))).squareRoot())
            let stepSize = Float(learningRate) / correction1
            w.withUnsafeMutableBufferPointer { w in
                g.withUnsafeBufferPointer { g in
                    first.withUnsafeMutableBufferPointer { m in
                        second.withUnsafeMutableBufferPointer { v in
                            for k in 0..<w.count where !frozen.contains(k) {
                                m[k] = b1 * m[k] + (1 - b1) * g[k]
                                v[k] = b2 * v[k] + (1 - b2) * g[k] * g[k]
                                w[k] -= stepSize * m[k] / (v[k].squareRoot() / root2 + eps)
                            }
                        }
                    }
                }
            }
        }
        return norm
    }
}

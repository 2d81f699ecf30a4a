import Embeddings
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Kernels

/// One training example: embedding-row ids and a label index.
public struct LabelledSequence: Sendable, Equatable {
    public var tokens: [Int32]
    public var label: Int
    public init(tokens: [Int32], label: Int) {
        self.tokens = tokens
        self.label = label
    }
}

/// How to train.
public struct TrainingOptions: Sendable {
    /// Maximum number of passes over the training set.
    public var epochs = 10
    /// Sentences per update.
    public var batchSize = 32
    public var optimizer = OptimizerKind.adam
    public var learningRate = 0.001
    /// Maximum global gradient norm (0: no clipping).
    public var clip = 5.0
    /// L2 weight decay on the weight matrices.
    public var l2 = 0.0
    /// Probability of zeroing a component of the sentence vector during training.
    public var dropout = 0.5
    /// Stop after this many epochs without a better development accuracy (0: never stop early).
    public var patience = 3
    public var seed: UInt64 = 1
    /// Threads a batch is spread over.
    public var workers = 2
    /// Embedding rows that are not trained (the pretrained rows under `--freeze`).
    public var frozenRows: Range<Int> = 0..<0

    public init() {}
}

/// What one epoch did.
public struct EpochReport: Sendable {
    public var epoch: Int
    /// Mean training loss (with dropout).
    public var loss: Double
    /// Training accuracy measured while training (with dropout, weights moving).
    public var trainAccuracy: Double
    public var devLoss: Double
    public var devAccuracy: Double
    public var sentencesPerSecond: Double
    public var seconds: Double
    /// True when this epoch's model is the best so far on the development set (and kept).
    public var isBest: Bool
}

/// The outcome of `Trainer.train`.
public struct TrainingResult: Sendable {
    public var reports: [EpochReport]
    /// The epoch whose weights were kept (1-based).
    public var bestEpoch: Int
    public var bestDevAccuracy: Double
    public var stoppedEarly: Bool
    public var seconds: Double
}

/// Mini-batch training with early stopping on a development set, keeping the best model.
///
/// Each batch is cut into `workers` contiguous shares (`WorkShare`) handled by
/// `DispatchQueue.concurrentPerform`; each share runs as one padded batch (matrix-matrix
/// products per time step, `RecurrentNetwork+Batch`), every worker accumulates into its own `Gradient`, and
/// the gradients are summed in worker order after the join, so a run is reproducible for
/// a given seed and worker count. Dropout masks come from a generator seeded by
/// (seed, epoch, position), not from the thread.
public enum Trainer {
    /// Trains `network` in place; on return it holds the weights of the best epoch.
    public static func train<T: Real>(_ network: inout RecurrentNetwork<T>, train: [LabelledSequence],
                                      dev: [LabelledSequence], options: TrainingOptions,
                                      progress: (EpochReport) -> Void = { _ in }) -> TrainingResult {
        precondition(!train.isEmpty, "Trainer: no training sentences")
        let start = monotonicSeconds()
        let c = network.configuration
        var optimizer = Optimizer<T>(kind: options.optimizer, learningRate: options.learningRate, clip: options.clip,
                                     l2: options.l2, layout: network.layout, embeddingCount: network.embeddings.count)
        let workers = max(1, min(options.workers, options.batchSize))
        let buffers = (0..<workers).map { _ in
            WorkerState(Gradient<T>(parameterCount: network.layout.count, dimension: c.embeddingDimension))
        }
        var order = Array(train.indices)
        var rng = SeededGenerator(seed: options.seed)
        var best = network
        var bestAccuracy = -1.0, bestLoss = Double.infinity, bestEpoch = 0, sinceBest = 0
        var reports: [EpochReport] = []
        var stoppedEarly = false
        for epoch in 1...max(options.epochs, 1) {
            let epochStart = monotonicSeconds()
            order.shuffle(using: &rng)
            var lossSum = 0.0, correct = 0
            var batchStart = 0
            while batchStart < order.count {
                let batch = Array(order[batchStart ..< min(batchStart + options.batchSize, order.count)])
                let frozen = network, first = batchStart
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    let state = buffers[w]
                    state.gradient.reset()
                    state.loss = 0
                    state.correct = 0
                    // This worker's share of the batch, as one padded batch.
                    let share = WorkShare.range(w, of: workers, count: batch.count)
                    guard !share.isEmpty else { return }
                    let masks = share.map { position in
                        dropoutMask(T.self, width: c.outputWidth, rate: options.dropout,
                                    seed: options.seed, epoch: epoch, index: first + position)
                    }
                    let (loss, ok) = frozen.accumulateGradient(batch: share.map { train[batch[$0]] }, dropoutMasks: masks,
                                                               frozenRows: options.frozenRows, into: &state.gradient)
                    state.loss = Double(loss)
                    state.correct = ok
                }
                var total = buffers[0].gradient
                lossSum += buffers[0].loss
                correct += buffers[0].correct
                for w in 1..<workers {
                    total.add(buffers[w].gradient)
                    lossSum += buffers[w].loss
                    correct += buffers[w].correct
                }
                total.scale(by: 1 / T(batch.count))
                optimizer.step(&network, gradient: &total)
                batchStart += batch.count
            }
            let trainSeconds = monotonicSeconds() - epochStart
            let (devLoss, devAccuracy) = dev.isEmpty ? (0, 0) : evaluate(network, dev, workers: workers)
            let improved = dev.isEmpty || devAccuracy > bestAccuracy || (devAccuracy == bestAccuracy && devLoss < bestLoss)
            if improved {
                best = network
                bestAccuracy = devAccuracy
                bestLoss = devLoss
                bestEpoch = epoch
                sinceBest = 0
            } else {
                sinceBest += 1
            }
            let report = EpochReport(epoch: epoch, loss: lossSum / Double(train.count),
                                     trainAccuracy: Double(correct) / Double(train.count),
                                     devLoss: devLoss, devAccuracy: devAccuracy,
                                     sentencesPerSecond: Double(train.count) / trainSeconds,
                                     seconds: monotonicSeconds() - epochStart, isBest: improved)
            reports.append(report)
            progress(report)
            if options.patience > 0 && sinceBest >= options.patience && epoch < options.epochs {
                stoppedEarly = true
                break
            }
        }
        network = best
        return TrainingResult(reports: reports, bestEpoch: bestEpoch, bestDevAccuracy: bestAccuracy,
                              stoppedEarly: stoppedEarly, seconds: monotonicSeconds() - start)
    }

    /// Mean loss and accuracy of `network` on `examples` (no dropout), spread over `workers` threads.
    public static func evaluate<T: Real>(_ network: RecurrentNetwork<T>, _ examples: [LabelledSequence],
                                         workers: Int = 2) -> (loss: Double, accuracy: Double) {
        let predictions = predict(network, examples.map(\.tokens), workers: workers)
        var loss = 0.0, correct = 0
        for (example, probabilities) in zip(examples, predictions) {
            loss -= Double(T.log(max(probabilities[example.label], T.leastNormalMagnitude)))
            if probabilities.indices.max(by: { probabilities[$0] < probabilities[$1] }) == example.label { correct += 1 }
        }
        return (loss / Double(max(examples.count, 1)), Double(correct) / Double(max(examples.count, 1)))
    }

    /// Class probabilities of every sentence, spread over `workers` threads.
    public static func predict<T: Real>(_ network: RecurrentNetwork<T>, _ sentences: [[Int32]],
                                        workers: Int = 2) -> [[T]] {
        SequenceBatch.map(lengths: sentences.map(\.count), workers: workers) { indices in
            network.probabilities(batch: indices.map { sentences[$0] })
        }
    }

    /// An inverted-dropout mask (Srivastava et al. 2014): each component 0 with probability
    /// `rate`, else 1 / (1 - rate); nil when `rate` is 0.
    static func dropoutMask<T: Real>(_: T.Type, width: Int, rate: Double, seed: UInt64, epoch: Int, index: Int) -> [T]? {
        guard rate > 0 else { return nil }
        var rng = SeededGenerator(seed: seed, stream: UInt64(epoch), index: UInt64(index))
        let keep = T(1 / (1 - rate))
        return (0..<width).map { _ in rng.uniform() < rate ? 0 : keep }
    }

    static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}

/// One worker's gradient and tallies; each worker touches only its own.
/// `@unchecked Sendable`: worker `w` alone mutates state `w` during a pass, and the trainer reads
/// the states only after `concurrentPerform` has joined.
private final class WorkerState<T: Real>: @unchecked Sendable {
    var gradient: Gradient<T>
    var loss = 0.0
    var correct = 0
    init(_ gradient: Gradient<T>) { self.gradient = gradient }
}

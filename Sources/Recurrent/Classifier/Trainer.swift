import Embeddings
import Dispatch
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

/// Mini-batch training of a `RecurrentNetwork` on `TrainingLoop`, early stopping on dev
/// accuracy (ties: dev loss), keeping the best model.
///
/// Each batch is cut into `workers` shares (`ShardedGradients`), each run as one padded batch
/// (`RecurrentNetwork+Batch`); the summed gradient is averaged per sentence. Dropout masks
/// come from a generator seeded by (seed, epoch, position), not from the thread, so a run is
/// reproducible for a given seed and worker count.
public enum Trainer {
    /// Trains `network` in place; on return it holds the weights of the best epoch.
    public static func train<T: Real>(_ network: inout RecurrentNetwork<T>, train: [LabelledSequence],
                                      dev: [LabelledSequence], options: TrainingOptions,
                                      progress: (EpochReport) -> Void = { _ in },
                                      batchProgress: (TrainingProgress) -> Void = { _ in }) -> TrainingResult {
        precondition(!train.isEmpty, "Trainer: no training sentences")
        let start = monotonicSeconds()
        var task = ClassifierTask(network: network, train: train, dev: dev, options: options)
        let outcome = TrainingLoop.run(&task, model: &network, epochs: options.epochs, patience: options.patience,
                                       seed: options.seed, progress: batchProgress) { e in
            progress(EpochReport(e))
        }
        return TrainingResult(reports: outcome.epochs.map(EpochReport.init), bestEpoch: outcome.bestEpoch,
                              bestDevAccuracy: outcome.best?.accuracy ?? -1, stoppedEarly: outcome.stoppedEarly,
                              seconds: monotonicSeconds() - start)
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
}

extension EpochReport {
    init(_ e: EpochSummary) {
        self.init(epoch: e.epoch, loss: e.trainLoss, trainAccuracy: e.trainAccuracy ?? 0, devLoss: e.dev?.loss ?? 0,
                  devAccuracy: e.dev?.accuracy ?? 0, sentencesPerSecond: e.unitsPerSecond, seconds: e.seconds, isBest: e.isBest)
    }
}

/// The classifier's batches for `TrainingLoop`: sentences, a softmax over the pooled vector.
struct ClassifierTask<T: Real>: TrainingTask {
    let train: [LabelledSequence]
    let dev: [LabelledSequence]
    let options: TrainingOptions
    var optimizer: Optimizer<T>
    let gradients: ShardedGradients<T>

    init(network: RecurrentNetwork<T>, train: [LabelledSequence], dev: [LabelledSequence], options: TrainingOptions) {
        self.train = train
        self.dev = dev
        self.options = options
        optimizer = Optimizer<T>(kind: options.optimizer, learningRate: options.learningRate, clip: options.clip,
                                 l2: options.l2, layout: network.layout, embeddingCount: network.embeddings.count)
        gradients = ShardedGradients(workers: min(options.workers, options.batchSize), parameterCount: network.layout.count,
                                     dimension: network.configuration.embeddingDimension)
    }

    var exampleCount: Int { train.count }
    var unitsPerEpoch: Int { train.count }
    var countsCorrect: Bool { true }

    mutating func epoch(_ epoch: Int, order: [Int], model network: inout RecurrentNetwork<T>, batchDone: (BatchTally) -> Void) {
        let options = options, train = train, width = network.configuration.outputWidth
        var batchStart = 0
        while batchStart < order.count {
            let batch = Array(order[batchStart ..< min(batchStart + options.batchSize, order.count)])
            let frozen = network, first = batchStart
            var (total, loss, correct) = gradients.accumulate(count: batch.count) { share, gradient in
                let masks = share.map { position in
                    Trainer.dropoutMask(T.self, width: width, rate: options.dropout, seed: options.seed, epoch: epoch,
                                        index: first + position)
                }
                let (loss, ok) = frozen.accumulateGradient(batch: share.map { train[batch[$0]] }, dropoutMasks: masks,
                                                           frozenRows: options.frozenRows, into: &gradient)
                return (Double(loss), ok)
            }
            total.scale(by: 1 / T(batch.count))
            optimizer.step(&network, gradient: &total)
            batchStart += batch.count
            batchDone(BatchTally(units: batch.count, loss: loss, correct: correct))
        }
    }

    func evaluate(_ network: RecurrentNetwork<T>) -> DevScore? {
        guard !dev.isEmpty else { return nil }
        let (loss, accuracy) = Trainer.evaluate(network, dev, workers: gradients.workers)
        return DevScore(loss: loss, accuracy: accuracy)
    }
}

import Kernels
import Dispatch
import Embeddings

/// One training example of the tagger: an encoded sentence and its tag indices.
public struct TaggedExample: Sendable, Equatable {
    public var sentence: EncodedSentence
    public var tags: [Int]
    public init(sentence: EncodedSentence, tags: [Int]) {
        precondition(sentence.count == tags.count, "TaggedExample: \(tags.count) tags for \(sentence.count) tokens")
        self.sentence = sentence
        self.tags = tags
    }
}

/// How to train a tagger.
public struct TaggerTrainingOptions: Sendable {
    public var epochs = 10
    /// Sentences per update.
    public var batchSize = 16
    public var learningRate = 0.002
    /// Maximum global gradient norm (0: no clipping).
    public var clip = 5.0
    /// Dropout probability on each input value and each top-layer output value.
    public var dropout = 0.25
    /// Probability of replacing a token's word vector by the unknown word's during training,
    /// so that the unknown vector and the spelling features learn to stand in for words the
    /// vectors lack (word dropout, Iyyer et al. 2015; Lample et al. 2016).
    public var wordDropout = 0.05
    /// Stop after this many epochs without a better development accuracy (0: never stop early).
    public var patience = 3
    public var seed: UInt64 = 1
    /// Threads a batch is spread over.
    public var workers = 2
    /// Word rows that are not trained (the pretrained rows under `--freeze`).
    public var frozenRows: Range<Int> = 0..<0
    public init() {}
}

/// What one epoch did.
public struct TaggerEpochReport: Sendable {
    public var epoch: Int
    /// Mean loss per token (with dropout).
    public var loss: Double
    /// Token accuracy measured while training (with dropout, weights moving).
    public var trainAccuracy: Double
    public var devAccuracy: Double
    public var tokensPerSecond: Double
    public var seconds: Double
    /// True when this epoch is the best so far on the development set (and kept).
    public var isBest: Bool
}

/// The outcome of `TaggerTrainer.train`.
public struct TaggerTrainingResult: Sendable {
    public var reports: [TaggerEpochReport]
    /// The epoch whose weights were kept (1-based).
    public var bestEpoch: Int
    public var bestDevAccuracy: Double
    public var stoppedEarly: Bool
    /// Time spent in training passes (evaluation on dev excluded).
    public var trainingSeconds: Double
    /// Tokens passed through training.
    public var trainedTokens: Int
}

/// Mini-batch training of a `TaggerNetwork` with Adam and clipping on `TrainingLoop`, early
/// stopping on development token accuracy, keeping the best epoch's weights.
///
/// As `Trainer`: a batch's sentences are cut into `workers` shares (`ShardedGradients`), each
/// run as one padded batch (`TaggerNetwork+Batch`); the summed gradient is averaged per token.
/// Dropout masks come from a generator seeded by (seed, epoch, sentence position), so a run
/// is reproducible for a seed and worker count.
public enum TaggerTrainer {
    public static func train<T: Real>(_ network: inout TaggerNetwork<T>, train: [TaggedExample], dev: [TaggedExample],
                                      options: TaggerTrainingOptions,
                                      batchProgress: (TrainingProgress) -> Void = { _ in },
                                      progress: (TaggerEpochReport) -> Void = { _ in }) -> TaggerTrainingResult {
        precondition(!train.isEmpty, "TaggerTrainer: no training sentences")
        var task = TaggerTask(network: network, train: train, dev: dev, options: options)
        let outcome = TrainingLoop.run(&task, model: &network, epochs: options.epochs, patience: options.patience, seed: options.seed,
                                       progress: batchProgress, epochDone: { e in progress(TaggerEpochReport(e)) })
        return TaggerTrainingResult(reports: outcome.epochs.map(TaggerEpochReport.init), bestEpoch: outcome.bestEpoch,
                                    bestDevAccuracy: outcome.best?.accuracy ?? -1, stoppedEarly: outcome.stoppedEarly,
                                    trainingSeconds: outcome.trainingSeconds, trainedTokens: outcome.trainedUnits)
    }

    /// Token accuracy of `network` on `examples` (no dropout).
    public static func accuracy<T: Real>(_ network: TaggerNetwork<T>, _ examples: [TaggedExample], workers: Int = 2) -> Double {
        let predictions = predict(network, examples.map(\.sentence), workers: workers)
        var correct = 0, total = 0
        for (example, tags) in zip(examples, predictions) {
            total += tags.count
            for (a, b) in zip(example.tags, tags) where a == b { correct += 1 }
        }
        return Double(correct) / Double(max(total, 1))
    }

    /// The most probable tag of every token of every sentence, spread over `workers` threads
    /// (the result does not depend on `workers`).
    public static func predict<T: Real>(_ network: TaggerNetwork<T>, _ sentences: [EncodedSentence], workers: Int = 2) -> [[Int]] {
        SequenceBatch.map(lengths: sentences.map(\.count), workers: workers) { indices in
            network.predict(batch: indices.map { sentences[$0] })
        }
    }

    /// Inverted-dropout masks for one sentence (nil when `rate` is 0).
    static func dropoutMasks<T: Real>(_: T.Type, steps: Int, inputWidth: Int, outputWidth: Int, rate: Double,
                                      using rng: inout SeededGenerator) -> TaggerNetwork<T>.Masks? {
        guard rate > 0 else { return nil }
        let keep = T(1 / (1 - rate))
        let input = (0..<(steps * inputWidth)).map { _ in rng.uniform() < rate ? 0 : keep }
        let output = (0..<(steps * outputWidth)).map { _ in rng.uniform() < rate ? 0 : keep }
        return TaggerNetwork<T>.Masks(input: input, output: output)
    }
}

extension TaggerEpochReport {
    init(_ e: EpochSummary) {
        self.init(epoch: e.epoch, loss: e.trainLoss, trainAccuracy: e.trainAccuracy ?? 0, devAccuracy: e.dev?.accuracy ?? 0,
                  tokensPerSecond: e.unitsPerSecond, seconds: e.seconds, isBest: e.isBest)
    }
}

/// The tagger's batches for `TrainingLoop`: sentences with word dropout and input/output
/// dropout masks, a softmax per token.
struct TaggerTask<T: Real>: TrainingTask {
    let train: [TaggedExample]
    let dev: [TaggedExample]
    let options: TaggerTrainingOptions
    var optimizer: Optimizer<T>
    let gradients: ShardedGradients<T>
    let unitsPerEpoch: Int

    init(network: TaggerNetwork<T>, train: [TaggedExample], dev: [TaggedExample], options: TaggerTrainingOptions) {
        self.train = train
        self.dev = dev
        self.options = options
        var decay = [Bool](repeating: false, count: network.parameters.count)
        for t in network.layout.tensors where t.isWeight { for i in t.range { decay[i] = true } }
        optimizer = Optimizer<T>(kind: .adam, learningRate: options.learningRate, clip: options.clip, l2: 0,
                                 decayMask: decay, embeddingCount: network.embeddings.count)
        gradients = ShardedGradients(workers: min(options.workers, options.batchSize), parameterCount: network.parameters.count,
                                     dimension: network.configuration.wordDimension)
        unitsPerEpoch = train.reduce(0) { $0 + $1.tags.count }
    }

    var exampleCount: Int { train.count }
    var countsCorrect: Bool { true }

    mutating func epoch(_ epoch: Int, order: [Int], model network: inout TaggerNetwork<T>, batchDone: (BatchTally) -> Void) {
        let options = options, train = train, c = network.configuration
        var batchStart = 0
        while batchStart < order.count {
            let batch = Array(order[batchStart ..< min(batchStart + options.batchSize, order.count)])
            let frozen = network, first = batchStart
            var (total, loss, correct) = gradients.accumulate(count: batch.count) { share, gradient in
                var sentences: [EncodedSentence] = [], masks: [TaggerNetwork<T>.Masks?] = []
                for position in share {
                    var example = train[batch[position]].sentence
                    var generator = SeededGenerator(seed: options.seed, stream: UInt64(epoch), index: UInt64(first + position))
                    if options.wordDropout > 0 {
                        for t in example.words.indices where generator.uniform() < options.wordDropout { example.words[t] = 0 }
                    }
                    sentences.append(example)
                    masks.append(TaggerTrainer.dropoutMasks(T.self, steps: example.count, inputWidth: c.inputWidth,
                                                            outputWidth: c.recurrent.outputWidth, rate: options.dropout,
                                                            using: &generator))
                }
                let (loss, ok) = frozen.accumulateGradient(batch: sentences, tags: share.map { train[batch[$0]].tags },
                                                           masks: masks, frozenRows: options.frozenRows, into: &gradient)
                return (Double(loss), ok)
            }
            let tokens = batch.reduce(0) { $0 + train[$1].tags.count }
            total.scale(by: 1 / T(tokens))
            optimizer.step(parameters: &network.parameters, embeddings: &network.embeddings, dimension: c.wordDimension,
                           gradient: &total)
            batchStart += batch.count
            batchDone(BatchTally(units: tokens, loss: loss, correct: correct))
        }
    }

    func evaluate(_ network: TaggerNetwork<T>) -> DevScore? {
        dev.isEmpty ? nil : DevScore(accuracy: TaggerTrainer.accuracy(network, dev, workers: options.workers))
    }
}

import Dispatch
import Foundation
import Synchronization
import Corpus
import Embeddings

/// Which matrix (or sum) becomes the exported vectors.
public enum VectorChoice: String, Sendable, CaseIterable {
    /// W, the input ("syn0") vectors, as word2vec.c writes.
    case input
    /// W + C, input plus output vectors, which the SGNS literature recommends for
    /// similarity (Levy, Goldberg & Dagan 2015, "w + c").
    case inputPlusOutput = "input+output"
}

/// Skip-gram with negative sampling over an encoded corpus, as word2vec.c
/// `TrainModelThread`, with Dispatch workers updating the shared matrices W (input) and
/// C (output) Hogwild-style (see `SharedMatrix`).
///
/// Each of `threads` workers owns an equal slice of the id stream and passes over it
/// `epochs` times. The learning rate decays linearly from `alpha` to `alpha * 1e-4` with the
/// number of tokens processed by all workers, read from one `Atomic` counter (word2vec.c
/// races on a plain global `alpha` and `word_count_actual`). The loss is tallied per worker
/// in `Double` and merged after the workers join.
///
/// With `threads == 1` a run is a pure function of the configuration, the corpus and the seed.
public final class Trainer {
    public let configuration: TrainingConfiguration
    public let vocabulary: Vocabulary
    public let corpus: EncodedCorpus
    /// W: the input vectors.
    let input: SharedMatrix
    /// C: the output vectors (word2vec.c's `syn1neg`).
    let output: SharedMatrix
    let sampler: NegativeSampler
    let subsampler: Subsampler
    /// Each worker's slice of the id stream.
    let ranges: [Range<Int>]
    /// The workers' states between runs of `train`.
    public private(set) var states: [WorkerState]
    /// Tokens processed by all workers so far (all epochs).
    public private(set) var wordsProcessed: Int = 0
    private let control = TrainingControl()

    /// Prepares a run: validates the configuration, allocates W (uniform in
    /// `(-0.5, 0.5) / dimension`, as word2vec.c `InitNet`) and C (zeros).
    /// - Complexity: O(vocabulary x dimension).
    public init(configuration: TrainingConfiguration, vocabulary: Vocabulary, corpus: EncodedCorpus) throws {
        try configuration.validate()
        guard vocabulary.count >= 2 else { throw SkipGramError.vocabularyTooSmall(size: vocabulary.count) }
        guard corpus.wordCount >= 2 else { throw SkipGramError.nothingToTrain }
        self.configuration = configuration
        self.vocabulary = vocabulary
        self.corpus = corpus
        input = SharedMatrix(rows: vocabulary.count, columns: configuration.dimension)
        output = SharedMatrix(rows: vocabulary.count, columns: configuration.dimension)
        var random = RandomGenerator(seed: configuration.seed)
        let scale = 1 / Float(configuration.dimension)
        for r in 0..<vocabulary.count {
            let row = input.row(r)
            for k in 0..<configuration.dimension { row[k] = (random.unitFloat() - 0.5) * scale }
        }
        sampler = NegativeSampler(counts: vocabulary.counts, power: configuration.noisePower)
        subsampler = Subsampler(counts: vocabulary.counts, sample: configuration.sample)
        let length = corpus.length
        let threads = configuration.threads
        ranges = (0..<threads).map { t in (length * t / threads)..<(length * (t + 1) / threads) }
        states = ranges.enumerated().map { WorkerState(seed: configuration.seed, worker: $0.offset, position: $0.element.lowerBound) }
    }

    /// Total tokens of the whole run: `epochs x corpus words`.
    public var totalWords: Int { configuration.epochs * corpus.wordCount }

    /// The learning rate after `processed` tokens: linear decay to `alpha * 1e-4` (word2vec.c).
    public static func learningRate(start: Double, processed: Int, total: Int) -> Double {
        start * max(1e-4, 1 - Double(processed) / Double(total + 1))
    }

    /// Asks running workers to stop after their current sentence. Safe from any thread
    /// (e.g. a signal handler's dispatch source). `train` then returns with `completed == false`.
    public func requestStop() { control.stop.store(true, ordering: .relaxed) }

    /// True once every epoch has been processed.
    public var isFinished: Bool { states.allSatisfy { $0.epoch >= configuration.epochs } }

    /// Trains until every epoch is done or `requestStop()` is called. Reports progress on the
    /// calling thread about every `interval` seconds. Can be called again after a stop to continue.
    /// - Throws: `SkipGramError.diverged` when the loss becomes NaN or infinite (checked once per
    ///   interval, not in the hot loop); the workers stop and the matrices are left as they were.
    public func train(interval: Double = 1, progress: ((TrainingProgress) -> Void)? = nil) throws -> TrainingSummary {
        control.stop.store(false, ordering: .relaxed)
        control.processed.store(wordsProcessed, ordering: .relaxed)
        let meters = states.map { WorkerMeter(loss: $0.loss, pairs: $0.pairs) }
        let slots = WorkerSlots(states)
        let context = WorkerContext(configuration: configuration, input: input, output: output, corpus: corpus,
                                    sampler: sampler, subsampler: subsampler, sigmoid: SigmoidTable(),
                                    ranges: ranges, totalWords: totalWords, control: control, meters: meters, slots: slots)
        let startWords = wordsProcessed
        let startPairs = states.reduce(0) { $0 + $1.pairs }
        let start = DispatchTime.now()
        func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            DispatchQueue.concurrentPerform(iterations: context.ranges.count) { context.run(worker: $0) }
        }
        var lastLoss = meters.reduce(0) { $0 + $1.lossTotal }, lastPairs = meters.reduce(0) { $0 + $1.pairTotal }
        var intervalLoss = Double.nan
        var diverged = false
        func sample(final: Bool) -> TrainingProgress {
            let processed = control.processed.load(ordering: .relaxed)
            let loss = meters.reduce(0) { $0 + $1.lossTotal }, pairs = meters.reduce(0) { $0 + $1.pairTotal }
            if pairs > lastPairs { intervalLoss = (loss - lastLoss) / Double(pairs - lastPairs) }
            if !loss.isFinite { diverged = true }
            lastLoss = loss; lastPairs = pairs
            let elapsed = seconds()
            let rate = Double(processed - startWords) / max(elapsed, 1e-9)
            let fraction = Double(processed) / Double(max(totalWords, 1))
            return TrainingProgress(fraction: min(1, fraction), wordsProcessed: processed, elapsed: elapsed,
                                    wordsPerSecond: rate,
                                    alpha: Self.learningRate(start: configuration.alpha, processed: processed, total: totalWords),
                                    loss: final ? (pairs > 0 ? loss / Double(pairs) : .nan) : intervalLoss,
                                    eta: rate > 0 ? Double(totalWords - processed) / rate : .infinity)
        }
        while group.wait(timeout: .now() + interval) == .timedOut {
            let report = sample(final: false)
            if diverged { requestStop(); continue }
            progress?(report)
        }
        states = slots.states.withLock { $0 }
        wordsProcessed = control.processed.load(ordering: .relaxed)
        let finalInterval = sample(final: false).loss
        let elapsed = seconds()
        let loss = states.reduce(0) { $0 + $1.loss }, pairs = states.reduce(0) { $0 + $1.pairs }
        if diverged || !loss.isFinite || !input.allFinite() || !output.allFinite() {
            throw SkipGramError.diverged(atProgress: Double(wordsProcessed) / Double(max(totalWords, 1)),
                                         alpha: Self.learningRate(start: configuration.alpha, processed: wordsProcessed, total: totalWords))
        }
        return TrainingSummary(completed: isFinished, elapsed: elapsed, wordsProcessed: wordsProcessed - startWords,
                               wordsPerSecond: Double(wordsProcessed - startWords) / max(elapsed, 1e-9),
                               meanLoss: pairs > 0 ? loss / Double(pairs) : .nan,
                               finalLoss: finalInterval.isFinite ? finalInterval : (pairs > 0 ? loss / Double(pairs) : .nan),
                               pairs: pairs, pairsThisCall: pairs - startPairs)
    }

    /// The trained vectors as an immutable value, in vocabulary order. Call between runs.
    /// - Complexity: O(vocabulary x dimension).
    public func embeddings(_ choice: VectorChoice = .input) -> Embeddings {
        var values = input.toArray()
        if choice == .inputPlusOutput {
            let c = output.toArray()
            for i in values.indices { values[i] += c[i] }
        }
        return Embeddings(words: vocabulary.words, dimension: configuration.dimension, vectors: values)
    }
}

/// The run's shared counters: the stop flag and the global token counter.
final class TrainingControl: Sendable {
    let stop = Atomic<Bool>(false)
    let processed = Atomic<Int>(0)
}

/// A worker's published running totals, read by the progress reporter.
final class WorkerMeter: Sendable {
    private let lossBits: Atomic<UInt64>
    private let pairs: Atomic<Int>
    init(loss: Double, pairs: Int) {
        lossBits = Atomic(loss.bitPattern)
        self.pairs = Atomic(pairs)
    }
    func publish(loss: Double, pairs: Int) {
        lossBits.store(loss.bitPattern, ordering: .relaxed)
        self.pairs.store(pairs, ordering: .relaxed)
    }
    var lossTotal: Double { Double(bitPattern: lossBits.load(ordering: .relaxed)) }
    var pairTotal: Int { pairs.load(ordering: .relaxed) }
}

/// Where workers hand back their final states (each writes its own slot once, at the end).
final class WorkerSlots: Sendable {
    let states: Mutex<[WorkerState]>
    init(_ states: [WorkerState]) { self.states = Mutex(states) }
}

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

    /// Writes the chosen vectors in `format`, one row at a time: row `r` is `W[r]`,
    /// or `W[r] + C[r]`, from the two row pointers `rows(r)` gives. Shared by the trainer
    /// and checkpoints, so neither builds a full copy to export.
    /// - Complexity: O(words x dimension) time, O(dimension) extra memory.
    func write(words: [String], dimension: Int, to path: String, format: VectorFormat,
               rows: (Int) -> (input: UnsafePointer<Float>, output: UnsafePointer<Float>)) throws {
        try format.write(words: words, dimension: dimension, to: path) { row, destination in
            let (w, c) = rows(row)
            for k in 0..<dimension { destination[k] = self == .inputPlusOutput ? w[k] + c[k] : w[k] }
        }
    }
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
    /// Hierarchical softmax's tree over the vocabulary's counts, or nil for negative sampling.
    let tree: HuffmanTree?
    /// The training model (skip-gram or CBOW, over whole words or subwords).
    let model: any TrainingModel
    /// The n-gram rows of every word, when training with subwords (W then has their bucket rows).
    public let subwords: Subwords?
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
        let subwords = configuration.subwords.map { Subwords(words: vocabulary.words, lengths: $0, buckets: configuration.buckets) }
        self.subwords = subwords
        model = Self.model(configuration.model, subwords: subwords, vocabularySize: vocabulary.count)
        input = SharedMatrix(rows: subwords?.rowCount ?? vocabulary.count, columns: configuration.dimension)
        output = SharedMatrix(rows: vocabulary.count, columns: configuration.dimension)
        var random = RandomGenerator(seed: configuration.seed)
        let scale = 1 / Float(configuration.dimension)
        for r in 0..<input.rows {
            let row = input.row(r)
            for k in 0..<configuration.dimension { row[k] = (random.unitFloat() - 0.5) * scale }
        }
        sampler = NegativeSampler(counts: vocabulary.counts, power: configuration.noisePower)
        subsampler = Subsampler(counts: vocabulary.counts, sample: configuration.sample)
        tree = configuration.loss == .hierarchicalSoftmax ? HuffmanTree(counts: vocabulary.counts) : nil
        let length = corpus.length
        let threads = configuration.threads
        ranges = (0..<threads).map { t in (length * t / threads)..<(length * (t + 1) / threads) }
        states = ranges.enumerated().map { WorkerState(seed: configuration.seed, worker: $0.offset, position: $0.element.lowerBound) }
    }

    /// The model value the workers are specialised for.
    static func model(_ kind: TrainingConfiguration.ModelKind, subwords: Subwords?, vocabularySize: Int) -> any TrainingModel {
        switch (kind, subwords) {
        case (.skipGram, nil): return SkipGramModel(rows: WholeWords(vocabularySize: vocabularySize))
        case (.skipGram, let rows?): return SkipGramModel(rows: rows)
        case (.cbow, nil): return CBOWModel(rows: WholeWords(vocabularySize: vocabularySize))
        case (.cbow, let rows?): return CBOWModel(rows: rows)
        }
    }

    /// Total tokens of the whole run: `epochs x corpus words`.
    public var totalWords: Int { configuration.epochs * corpus.wordCount }

    /// The learning rate after `processed` tokens: linear decay to `alpha * 1e-4` (word2vec.c).
    public static func learningRate(start: Double, processed: Int, total: Int) -> Double {
        start * max(1e-4, 1 - Double(processed) / Double(total + 1))
    }

    /// Asks running workers to stop after their current sentence. Safe from any thread
    /// (e.g. a signal handler's dispatch source). `train` then returns with
    /// `completed == false`; a request made before `train` is called stops that call at once.
    /// The request is consumed when `train` returns, so calling `train` again continues.
    public func requestStop() { control.requestStop() }

    /// `requestStop` as a `Sendable` closure, for a signal handler on another queue.
    public var stopHandle: @Sendable () -> Void {
        let control = control
        return { control.requestStop() }
    }

    /// True once every epoch has been processed.
    public var isFinished: Bool { states.allSatisfy { $0.epoch >= configuration.epochs } }

    /// True after `train` threw `SkipGramError.diverged`: the matrices hold NaN or infinity,
    /// and no checkpoint will be written from them.
    public private(set) var hasDiverged = false

    /// Fraction of the whole run done, 0...1.
    public var fraction: Double { min(1, Double(wordsProcessed) / Double(max(totalWords, 1))) }

    /// The learning rate training continues with.
    public var alpha: Double { Self.learningRate(start: configuration.alpha, processed: wordsProcessed, total: totalWords) }

    /// Trains until every epoch is done or `requestStop()` is called. Reports progress on the
    /// calling thread about every `interval` seconds. Can be called again after a stop to continue.
    ///
    /// With `checkpointEvery` seconds and a `checkpoint` callback, the workers are paused at
    /// sentence boundaries that often, `checkpoint` runs on the calling thread with nothing
    /// else touching the trainer (typically `writeCheckpoint`), and training continues. A
    /// pause changes nothing in the result: with one thread, paused and unpaused runs are
    /// byte-identical. Errors thrown by `checkpoint` end training and are rethrown.
    /// - Throws: `SkipGramError.diverged` when the loss or the matrices become NaN or infinite
    ///   (the loss is checked once per interval, the matrices before each checkpoint and at
    ///   the end, never in the hot loop); the callback is then not called, so a diverged
    ///   state never replaces a good checkpoint.
    public func train(interval: Double = 1, progress: ((TrainingProgress) -> Void)? = nil,
                      checkpointEvery: Double? = nil, checkpoint: ((Trainer) throws -> Void)? = nil) throws -> TrainingSummary {
        guard !hasDiverged else { throw SkipGramError.diverged(atProgress: fraction, alpha: alpha) }
        let startWords = wordsProcessed
        let startPairs = states.reduce(0) { $0 + $1.pairs }
        let start = DispatchTime.now()
        func seconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }
        var lastLoss = states.reduce(0) { $0 + $1.loss }, lastPairs = states.reduce(0) { $0 + $1.pairs }
        var intervalLoss = Double.nan
        var lastCheckpoint = 0.0
        var stoppedByRequest = false
        while !isFinished {
            control.beginSegment()
            control.processed.store(wordsProcessed, ordering: .relaxed)
            let meters = states.map { WorkerMeter(loss: $0.loss, pairs: $0.pairs) }
            let slots = WorkerSlots(states)
            let context = WorkerContext(configuration: configuration, input: input, output: output, corpus: corpus,
                                        sampler: sampler, subsampler: subsampler, sigmoid: SigmoidTable(), tree: tree,
                                        ranges: ranges, totalWords: totalWords, control: control, meters: meters, slots: slots)
            let group = DispatchGroup()
            model.launch(context, group)
            var diverged = false
            var pausing = false
            func sample() -> TrainingProgress {
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
                                        loss: intervalLoss,
                                        eta: rate > 0 ? Double(totalWords - processed) / rate : .infinity)
            }
            let wait = min(interval, checkpointEvery ?? interval)
            while group.wait(timeout: .now() + wait) == .timedOut {
                if let every = checkpointEvery, checkpoint != nil, !pausing, seconds() - lastCheckpoint >= every {
                    pausing = true
                    control.pause()
                }
                let report = sample()
                if diverged { control.pause(); continue }
                progress?(report)
            }
            states = slots.states.withLock { $0 }
            wordsProcessed = control.processed.load(ordering: .relaxed)
            _ = sample()
            let loss = states.reduce(0) { $0 + $1.loss }
            if diverged || !loss.isFinite || !input.allFinite() || !output.allFinite() {
                hasDiverged = true
                throw SkipGramError.diverged(atProgress: fraction, alpha: alpha)
            }
            if control.endSegment() { stoppedByRequest = true; break }
            if pausing, !isFinished, let checkpoint {
                try checkpoint(self)
                lastCheckpoint = seconds()
            }
        }
        if !stoppedByRequest { control.endSegment() }
        let elapsed = seconds()
        let loss = states.reduce(0) { $0 + $1.loss }, pairs = states.reduce(0) { $0 + $1.pairs }
        let meanLoss = pairs > 0 ? loss / Double(pairs) : .nan
        return TrainingSummary(completed: isFinished, elapsed: elapsed, wordsProcessed: wordsProcessed - startWords,
                               wordsPerSecond: Double(wordsProcessed - startWords) / max(elapsed, 1e-9),
                               meanLoss: meanLoss, finalLoss: intervalLoss.isFinite ? intervalLoss : meanLoss,
                               pairs: pairs, pairsThisCall: pairs - startPairs)
    }

    /// The fingerprint of the corpus being trained on, computed once.
    private lazy var fingerprint = CorpusFingerprint(corpus)

    /// Saves the whole run to `path`, atomically (format in `Checkpoint`); `source` records
    /// where the corpus came from. Call between runs of `train` (e.g. from its checkpoint
    /// callback, or after it returned).
    /// - Throws: `SkipGramError.diverged` if the matrices hold NaN or infinity (the file at
    ///   `path` is then left as it was), `OutputError` if the file cannot be written.
    /// - Complexity: O(vocabulary x dimension) to check and write; O(corpus) once, for the fingerprint.
    public func writeCheckpoint(to path: String, source: CorpusSource) throws {
        if let kind = configuration.checkpointUnsupported { throw SkipGramError.checkpointUnsupported(model: kind) }
        guard !hasDiverged, input.allFinite(), output.allFinite() else {
            hasDiverged = true
            throw SkipGramError.diverged(atProgress: fraction, alpha: alpha)
        }
        let header = CheckpointHeader(configuration: configuration, source: source, fingerprint: fingerprint,
                                      vocabulary: vocabulary, workers: states, wordsProcessed: wordsProcessed)
        try CheckpointWriter.write(header, to: path) { emit in
            for matrix in [input, output] {
                for r in 0..<matrix.rows {
                    try emit(UnsafeRawBufferPointer(start: matrix.row(r), count: matrix.columns * MemoryLayout<Float>.stride))
                }
            }
        }
    }

    /// Continues the run saved in `checkpoint`, on the corpus it was made from: the same
    /// configuration, matrices, worker states and token counter, so the learning rate goes on
    /// decaying from where it was and a one-thread run ends byte-identical to one never stopped.
    /// `path` names the checkpoint in errors.
    /// - Throws: `SkipGramError.checkpointMismatch` when `vocabulary` or `corpus` differ from
    ///   the checkpoint's (another file, or the same file changed, or other corpus options).
    public convenience init(checkpoint: Checkpoint, path: String, vocabulary: Vocabulary, corpus: EncodedCorpus) throws {
        let header = checkpoint.header
        guard vocabulary.words == header.vocabulary.words, vocabulary.counts == header.vocabulary.counts else {
            let differing = zip(vocabulary.words, header.vocabulary.words).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            let detail = vocabulary.count != header.vocabulary.count
                ? "its vocabulary has \(vocabulary.count) words, the checkpoint's \(header.vocabulary.count)"
                : differing.map { "word \($0) is '\(vocabulary.words[$0])' in the corpus but '\(header.vocabulary.words[$0])' in the checkpoint" }
                  ?? "the word counts differ"
            throw SkipGramError.checkpointMismatch(path: path, reason: "the corpus is not the one it was made from (\(detail)); give the original corpus (\(header.source.path)) unchanged")
        }
        let found = CorpusFingerprint(corpus)
        guard found == header.fingerprint else {
            throw SkipGramError.checkpointMismatch(path: path, reason: "the corpus is not the one it was made from (its \(found.wordCount) encoded words differ from the checkpoint's \(header.fingerprint.wordCount), checksum \(found.checksum) vs \(header.fingerprint.checksum)); give the original corpus (\(header.source.path)) unchanged")
        }
        try self.init(configuration: header.configuration, vocabulary: vocabulary, corpus: corpus)
        for (worker, state) in header.workers.enumerated() {
            let range = ranges[worker]
            guard state.position >= range.lowerBound && state.position <= range.upperBound else {
                throw SkipGramError.checkpointMismatch(path: path, reason: "worker \(worker) stands at position \(state.position), outside its share \(range.lowerBound)...\(range.upperBound) of the corpus")
            }
        }
        input.load(checkpoint.input)
        output.load(checkpoint.output)
        states = header.workers
        wordsProcessed = header.wordsProcessed
        fingerprint = found
    }

    /// Writes the trained vectors (W, or W + C) in `format`, row by row from the
    /// matrices, without building an `Embeddings` copy. With subwords a word's input vector is
    /// the mean of its rows, as fastText's `.vec` holds (`FastText::getWordVector`). Call between runs.
    /// - Complexity: O(vocabulary x dimension) time (x rows per word with subwords), O(dimension) extra memory.
    public func writeVectors(_ choice: VectorChoice = .input, to path: String, format: VectorFormat = .word2vecText) throws {
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: input.stride)
        defer { scratch.deallocate() }
        try choice.write(words: vocabulary.words, dimension: configuration.dimension, to: path, format: format) {
            (UnsafePointer(inputVector($0, scratch: scratch)), UnsafePointer(output.row($0)))
        }
    }

    /// Writes the model as a fastText 0.9 `.bin` (`FastTextBinaryFormat`): W with its bucket
    /// rows, C, the vocabulary with counts, and the arguments, so that `fasttext.load_model` and
    /// gensim's `load_facebook_model` open it and compose vectors for unseen words. A model
    /// without subwords is written with bucket 0 and maxn 0. Call between runs.
    /// - Complexity: O((vocabulary + buckets) x dimension) time, O(dimension) extra memory.
    public func writeModel(to path: String) throws {
        let c = configuration
        var arguments = FastTextModel.Arguments()
        arguments.dimension = Int32(c.dimension); arguments.window = Int32(c.window); arguments.epochs = Int32(c.epochs)
        arguments.minCount = Int32(clamping: vocabulary.counts.min() ?? 1); arguments.negative = Int32(c.negative)
        arguments.model = c.model == .cbow ? 1 : 2
        arguments.loss = c.loss == .hierarchicalSoftmax ? 1 : 2
        arguments.buckets = Int32(subwords?.buckets ?? 0)
        arguments.minn = Int32(c.subwords?.lowerBound ?? 0); arguments.maxn = Int32(c.subwords?.upperBound ?? 0)
        arguments.sample = c.sample
        let d = c.dimension
        try FastTextBinaryFormat.writeModel(to: path, arguments: arguments, words: vocabulary.words,
                                            counts: vocabulary.counts.map { Int64($0) }, tokenCount: Int64(corpus.wordCount),
                                            inputRows: input.rows, input: { r, row in row.baseAddress!.update(from: input.row(r), count: d) },
                                            outputRows: output.rows) { r, row in row.baseAddress!.update(from: output.row(r), count: d) }
    }

    /// Word `row`'s input vector: W's row, or with subwords the mean of its rows composed in `scratch`.
    func inputVector(_ row: Int, scratch: UnsafeMutablePointer<Float>) -> UnsafeMutablePointer<Float> {
        guard let subwords else { return input.row(row) }
        subwords.compose(Int32(row), from: input, into: scratch)
        return scratch
    }

    /// The trained vectors as an immutable value, in vocabulary order. Call between runs.
    /// - Complexity: O(vocabulary x dimension).
    public func embeddings(_ choice: VectorChoice = .input) -> Embeddings {
        let d = configuration.dimension
        var values = [Float](repeating: 0, count: vocabulary.count * d)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: input.stride)
        defer { scratch.deallocate() }
        for r in 0..<vocabulary.count {
            let w = inputVector(r, scratch: scratch), c = output.row(r)
            for k in 0..<d { values[r * d + k] = choice == .inputPlusOutput ? w[k] + c[k] : w[k] }
        }
        return Embeddings(words: vocabulary.words, dimension: d, vectors: values)
    }
}

/// The run's shared counters: the stop flag the workers poll at sentence boundaries, the
/// global token counter, and a user's stop request, which outlives the pauses between
/// the segments of one `train` call.
final class TrainingControl: Sendable {
    /// Workers stop at their next sentence when set.
    let stop = Atomic<Bool>(false)
    let processed = Atomic<Int>(0)
    private let requested = Atomic<Bool>(false)

    /// A user's stop: ends the current `train` call.
    func requestStop() {
        requested.store(true, ordering: .sequentiallyConsistent)
        stop.store(true, ordering: .sequentiallyConsistent)
    }

    /// A pause: stops the workers of this segment only.
    func pause() { stop.store(true, ordering: .relaxed) }

    /// Clears the pause, unless a stop was requested (before or during this call).
    func beginSegment() {
        stop.store(false, ordering: .sequentiallyConsistent)
        if requested.load(ordering: .sequentiallyConsistent) { stop.store(true, ordering: .sequentiallyConsistent) }
    }

    /// After the workers joined: true when a stop was requested, which is consumed.
    @discardableResult
    func endSegment() -> Bool {
        requested.exchange(false, ordering: .sequentiallyConsistent)
    }
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

extension TrainingModel {
    /// Starts the workers on this model. Called on the trainer's `any TrainingModel`, which
    /// opens the existential here, so each worker loop is specialised for the concrete model.
    func launch(_ context: WorkerContext, _ group: DispatchGroup) {
        DispatchQueue.global().async(group: group) {
            DispatchQueue.concurrentPerform(iterations: context.ranges.count) { context.run(worker: $0, model: self) }
        }
    }
}

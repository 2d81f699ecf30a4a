import Synchronization
import Corpus
import Kernels

/// What every worker reads (all immutable or `Sendable`), and the worker loop itself
/// (word2vec.c `TrainModelThread`).
struct WorkerContext: Sendable {
    let configuration: TrainingConfiguration
    let input: SharedMatrix
    let output: SharedMatrix
    let corpus: EncodedCorpus
    let sampler: NegativeSampler
    let subsampler: Subsampler
    let sigmoid: SigmoidTable
    /// Hierarchical softmax's tree, or nil for negative sampling.
    let tree: HuffmanTree?
    let ranges: [Range<Int>]
    let totalWords: Int
    let control: TrainingControl
    let meters: [WorkerMeter]
    let slots: WorkerSlots

    /// Tokens a worker processes between publishing its count and loss (word2vec.c: 10,000).
    static let flushEvery = 10_000
    /// Longest run of ids between sentence breaks a worker trains as one sentence.
    static let maxSentence = 10_000

    /// Draws `negative` noise words into `buffer`, skipping draws equal to `centre` as
    /// word2vec.c does (`if (target == word) continue;`). Returns how many were kept.
    @inline(__always)
    func drawNegatives(for centre: Int32, into buffer: UnsafeMutablePointer<Int32>, _ random: inout RandomGenerator) -> Int {
        var count = 0
        for _ in 0..<configuration.negative {
            let draw = sampler.sample(random.next())
            if draw != centre { buffer[count] = draw; count &+= 1 }
        }
        return count
    }

    /// Runs worker `worker` from its saved state until its epochs are done or a stop is
    /// requested, training `model` (specialised per model, so the whole-word skip-gram loop
    /// is the hand-written one).
    func run<Model: TrainingModel>(worker: Int, model: Model) {
        var state = slots.states.withLock { $0[worker] }
        let range = ranges[worker]
        let epochs = configuration.epochs
        let window = configuration.window
        let negative = configuration.negative
        let batched = model.sharesNegatives(configuration.update)
        let hierarchical = tree != nil
        let startAlpha = configuration.alpha
        let maxOutputs = model.maxOutputs(window: window, prediction: tree?.maxLength ?? negative + 1)
        let update = WindowUpdate(stride: input.stride, maxInputs: 2 * window, maxOutputs: maxOutputs)
        let sentence = UnsafeMutablePointer<Int32>.allocate(capacity: Self.maxSentence)
        let inputs = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * window)
        let outputs = UnsafeMutablePointer<Int32>.allocate(capacity: maxOutputs)
        let nextNegatives = UnsafeMutablePointer<Int32>.allocate(capacity: negative)
        let stride = input.stride
        defer { update.deallocate(); sentence.deallocate(); inputs.deallocate(); outputs.deallocate(); nextNegatives.deallocate() }
        var pending = 0
        var random = state.random

        corpus.withIDs { ids in
            while state.epoch < epochs {
                if control.stop.load(ordering: .relaxed) { break }
                if state.position >= range.upperBound {
                    state.epoch += 1
                    state.position = range.lowerBound
                    continue
                }
                // Read one sentence, subsampling as word2vec.c does while reading.
                var length = 0
                var read = 0
                var p = state.position
                while p < range.upperBound && read < Self.maxSentence {
                    let id = ids[p]
                    p &+= 1
                    if id == EncodedCorpus.sentenceBreak { break }
                    read &+= 1
                    if subsampler.keep(Int(id), random32: UInt32(truncatingIfNeeded: random.next())) {
                        sentence[length] = Int32(bitPattern: id)
                        length &+= 1
                    }
                }
                let processed = control.processed.load(ordering: .relaxed) &+ pending
                let alpha = Float(Trainer.learningRate(start: startAlpha, processed: processed, total: totalWords))
                var loss: Float = 0
                var pairs = 0
                let step = Step(input: input, output: output, update: update, alpha: alpha, sigmoid: sigmoid,
                                batched: configuration.update == .batched, tree: tree)
                // Negatives for centre i are drawn one centre ahead, so that their rows of C (and
                // the centre's, and the context word entering the window) can be prefetched while
                // centre i - 1 is computed: memory, not arithmetic, bounds this loop.
                var nextCount = batched && !hierarchical && length > 0 ? drawNegatives(for: sentence[0], into: nextNegatives, &random) : 0
                // Index arithmetic below uses `&+`/`&-`: every value is bounded by `maxSentence`
                // and `window` (validated), so the overflow checks of `+` would only cost time
                // (this is what `-Ounchecked` used to remove for the whole module).
                for i in 0..<length {
                    let centre = sentence[i]
                    let radius = window &- random.below(window)
                    var inputCount = 0
                    var j = max(0, i &- radius)
                    let hi = min(length &- 1, i &+ radius)
                    while j <= hi {
                        if j != i { inputs[inputCount] = sentence[j]; inputCount &+= 1 }
                        j &+= 1
                    }
                    outputs[0] = centre
                    var outputCount = 0, positives = 1
                    if batched, let tree {
                        (outputCount, positives) = tree.writePrediction(of: centre, into: outputs)
                    } else if batched {
                        outputCount = 1 &+ nextCount
                        (outputs + 1).update(from: nextNegatives, count: nextCount)
                        if i &+ 1 < length {
                            let upcoming = sentence[i &+ 1]
                            nextCount = drawNegatives(for: upcoming, into: nextNegatives, &random)
                            for k in 0..<nextCount { VectorKernels.prefetch(output.row(Int(nextNegatives[k])), count: stride) }
                            VectorKernels.prefetch(output.row(Int(upcoming)), count: stride)
                            VectorKernels.prefetch(input.row(Int(sentence[min(length &- 1, i &+ 1 &+ window)])), count: stride)
                        }
                    }
                    if inputCount == 0 { continue }
                    pairs &+= model.train(context: inputs, contextCount: inputCount, outputs: outputs, outputCount: outputCount,
                                          positives: positives, step: step, loss: &loss) { drawNegatives(for: $1, into: $0, &random) }
                }
                state.loss += Double(loss)
                state.pairs &+= pairs
                state.position = p
                pending &+= read
                if pending >= Self.flushEvery {
                    control.processed.add(pending, ordering: .relaxed)
                    state.words &+= pending
                    pending = 0
                    meters[worker].publish(loss: state.loss, pairs: state.pairs)
                }
            }
        }
        control.processed.add(pending, ordering: .relaxed)
        state.words &+= pending
        state.random = random
        meters[worker].publish(loss: state.loss, pairs: state.pairs)
        let final = state
        slots.states.withLock { $0[worker] = final }
    }
}

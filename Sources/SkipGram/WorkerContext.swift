import Synchronization
import Corpus

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
    let ranges: [Range<Int>]
    let totalWords: Int
    let control: TrainingControl
    let meters: [WorkerMeter]
    let slots: WorkerSlots

    /// Tokens a worker processes between publishing its count and loss (word2vec.c: 10,000).
    static let flushEvery = 10_000
    /// Longest run of ids between sentence breaks a worker trains as one sentence.
    static let maxSentence = 10_000

    /// Runs worker `worker` from its saved state until its epochs are done or a stop is requested.
    func run(worker: Int) {
        var state = slots.states.withLock { $0[worker] }
        let range = ranges[worker]
        let epochs = configuration.epochs
        let window = configuration.window
        let negative = configuration.negative
        let batched = configuration.update == .batched
        let startAlpha = configuration.alpha
        let update = WindowUpdate(stride: input.stride, maxInputs: 2 * window, maxOutputs: negative + 1)
        let sentence = UnsafeMutablePointer<Int32>.allocate(capacity: Self.maxSentence)
        let inputs = UnsafeMutablePointer<Int32>.allocate(capacity: 2 * window)
        let outputs = UnsafeMutablePointer<Int32>.allocate(capacity: negative + 1)
        defer { update.deallocate(); sentence.deallocate(); inputs.deallocate(); outputs.deallocate() }
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
                for i in 0..<length {
                    let centre = sentence[i]
                    let radius = window - random.below(window)
                    var inputCount = 0
                    let lo = max(0, i - radius), hi = min(length - 1, i + radius)
                    if lo < i { for j in lo..<i { inputs[inputCount] = sentence[j]; inputCount &+= 1 } }
                    if i < hi { for j in (i + 1)...hi { inputs[inputCount] = sentence[j]; inputCount &+= 1 } }
                    if inputCount == 0 { continue }
                    pairs &+= inputCount
                    outputs[0] = centre
                    if batched {
                        var outputCount = 1
                        for _ in 0..<negative {
                            let draw = sampler.sample(random.next())
                            if draw != centre { outputs[outputCount] = draw; outputCount &+= 1 }
                        }
                        update.batched(input: input, output: output, inputs: inputs, inputCount: inputCount,
                                       outputs: outputs, outputCount: outputCount,
                                       alpha: alpha, sigmoid: sigmoid, loss: &loss)
                    } else {
                        for b in 0..<inputCount {
                            var outputCount = 1
                            for _ in 0..<negative {
                                let draw = sampler.sample(random.next())
                                if draw != centre { outputs[outputCount] = draw; outputCount &+= 1 }
                            }
                            update.perPair(input: input, output: output, context: inputs[b],
                                           outputs: outputs, outputCount: outputCount,
                                           alpha: alpha, sigmoid: sigmoid, loss: &loss)
                        }
                    }
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

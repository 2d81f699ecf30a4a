import Dispatch
import Embeddings
import Kernels

/// How a model did on its development data after an epoch.
public struct DevScore: Sendable, Equatable {
    /// Mean loss per unit (nats), when the model measures one.
    public var loss: Double?
    /// Share of units right, when the model has labels to be right about.
    public var accuracy: Double?

    public init(loss: Double? = nil, accuracy: Double? = nil) {
        self.loss = loss
        self.accuracy = accuracy
    }

    /// Higher accuracy wins, a tie goes to the lower loss; a model without accuracy is judged
    /// by its loss alone. A NaN or infinite score never wins (a diverged model is not kept).
    func isBetter(than best: DevScore?) -> Bool {
        if let loss, !loss.isFinite { return false }
        if let accuracy, !accuracy.isFinite { return false }
        guard let best else { return true }
        if let a = accuracy, let b = best.accuracy {
            if a != b { return a > b }
            if let l = loss, let m = best.loss { return l < m }
            return false
        }
        if let l = loss, let m = best.loss { return l < m }
        return false
    }
}

/// Progress inside an epoch, for a status line.
public struct TrainingProgress: Sendable {
    public var epoch: Int
    /// Share of the epoch's units done.
    public var fraction: Double
    /// Units (sentences or tokens) done this epoch.
    public var units: Int
    /// Mean training loss per unit so far this epoch.
    public var meanLoss: Double
    public var unitsPerSecond: Double
    /// Estimated seconds left in the whole run (all epochs, ignoring early stopping).
    public var secondsLeft: Double
}

/// What one epoch did.
public struct EpochSummary: Sendable {
    public var epoch: Int
    /// Mean training loss per unit (dropout on, weights moving).
    public var trainLoss: Double
    /// Share of training units right while training (nil for a model without labels).
    public var trainAccuracy: Double?
    /// nil without development data.
    public var dev: DevScore?
    /// Units trained this epoch.
    public var units: Int
    /// Time in training passes (the dev evaluation excluded).
    public var trainingSeconds: Double
    /// Training and evaluation.
    public var seconds: Double
    /// True when this epoch's model is the best so far (and kept).
    public var isBest: Bool
    public var unitsPerSecond: Double { Double(units) / max(trainingSeconds, 1e-9) }
}

/// The outcome of `TrainingLoop.run`.
public struct TrainingOutcome: Sendable {
    public var epochs: [EpochSummary]
    /// The epoch whose weights were kept (1-based; 0 when no epoch was better than nothing,
    /// e.g. a NaN dev loss).
    public var bestEpoch: Int
    public var best: DevScore?
    public var stoppedEarly: Bool
    public var trainingSeconds: Double { epochs.reduce(0) { $0 + $1.trainingSeconds } }
    public var trainedUnits: Int { epochs.reduce(0) { $0 + $1.units } }
}

/// The sums one batch (or one epoch) adds to the tallies.
struct BatchTally {
    var units = 0
    /// Summed (not mean) loss of the units.
    var loss = 0.0
    var correct = 0
}

/// What a model supplies to `TrainingLoop`: its batches (forward, backward, update) and its
/// development score. Its head (pooling + softmax, per-token softmax, vocabulary softmax)
/// and its optimizer are its own.
protocol TrainingTask {
    associatedtype Model
    /// Examples the loop shuffles into a new order each epoch; 0 for a task that keeps its
    /// own order (a language model's streams).
    var exampleCount: Int { get }
    /// Units (sentences or tokens) in one epoch, for the rate and the ETA.
    var unitsPerEpoch: Int { get }
    /// Whether training units can be right or wrong (classifier, tagger), for `trainAccuracy`.
    var countsCorrect: Bool { get }
    /// Trains one epoch, visiting the examples in `order`; calls `batchDone` after every update.
    mutating func epoch(_ epoch: Int, order: [Int], model: inout Model, batchDone: (BatchTally) -> Void)
    /// The model's score on the development data; nil when there is none.
    func evaluate(_ model: Model) -> DevScore?
}

/// The one training loop of the recurrent models: epochs, a seeded shuffle of the examples,
/// progress (units/s, loss, ETA) about once a second, early stopping after `patience` epochs
/// without a better dev score, and the best epoch's model kept (PyTorch's
/// `word_language_model` `main.py` keeps the best dev model the same way).
enum TrainingLoop {
    /// Trains `model` in place; on return it holds the best epoch's weights.
    static func run<Task: TrainingTask>(_ task: inout Task, model: inout Task.Model, epochs: Int, patience: Int, seed: UInt64,
                                        progress: (TrainingProgress) -> Void = { _ in },
                                        epochDone: (EpochSummary) -> Void = { _ in }) -> TrainingOutcome {
        let epochs = max(epochs, 1), perEpoch = max(task.unitsPerEpoch, 1)
        var order = Array(0..<task.exampleCount)
        var generator = SeededGenerator(seed: seed)
        var best = model, bestScore: DevScore? = nil, bestEpoch = 0, sinceBest = 0
        var summaries: [EpochSummary] = []
        var stoppedEarly = false
        for epoch in 1...epochs {
            let start = monotonicSeconds()
            order.shuffle(using: &generator)
            var tally = BatchTally(), lastReport = start
            task.epoch(epoch, order: order, model: &model) { batch in
                tally.units += batch.units
                tally.loss += batch.loss
                tally.correct += batch.correct
                let now = monotonicSeconds()
                if now - lastReport >= 1 || tally.units >= perEpoch {
                    lastReport = now
                    let rate = Double(tally.units) / max(now - start, 1e-9)
                    let left = Double(perEpoch - tally.units + (epochs - epoch) * perEpoch) / max(rate, 1e-9)
                    progress(TrainingProgress(epoch: epoch, fraction: Double(tally.units) / Double(perEpoch), units: tally.units,
                                              meanLoss: tally.loss / Double(max(tally.units, 1)), unitsPerSecond: rate,
                                              secondsLeft: max(left, 0)))
                }
            }
            let trained = monotonicSeconds() - start
            let score = task.evaluate(model)
            let improved = score.map { $0.isBetter(than: bestScore) } ?? true
            if improved {
                best = model
                bestScore = score
                bestEpoch = epoch
                sinceBest = 0
            } else {
                sinceBest += 1
            }
            let units = max(tally.units, 1)
            let summary = EpochSummary(epoch: epoch, trainLoss: tally.loss / Double(units),
                                       trainAccuracy: task.countsCorrect ? Double(tally.correct) / Double(units) : nil,
                                       dev: score, units: tally.units, trainingSeconds: trained,
                                       seconds: monotonicSeconds() - start, isBest: improved)
            summaries.append(summary)
            epochDone(summary)
            if patience > 0 && sinceBest >= patience && epoch < epochs {
                stoppedEarly = true
                break
            }
        }
        model = best
        return TrainingOutcome(epochs: summaries, bestEpoch: bestEpoch, best: bestScore, stoppedEarly: stoppedEarly)
    }
}

/// Per-worker gradient buffers for a batch cut into `workers` contiguous shares
/// (`WorkShare`) run by `DispatchQueue.concurrentPerform`: each worker accumulates into its own
/// `Gradient`, and the gradients are summed in worker order after the join, so a run is
/// reproducible for a given seed and worker count. The classifier and the tagger batch this
/// way; the language model spreads its threads inside the GEMMs instead.
struct ShardedGradients<T: Real> {
    private let buffers: [WorkerState<T>]

    init(workers: Int, parameterCount: Int, dimension: Int) {
        buffers = (0..<max(1, workers)).map { _ in WorkerState(Gradient<T>(parameterCount: parameterCount, dimension: dimension)) }
    }

    var workers: Int { buffers.count }

    /// Runs `body(share, gradient)` for every worker's share of `count` items.
    /// - Returns: the summed gradient and tallies (losses summed in worker order, in `Double`).
    func accumulate(count: Int, _ body: @Sendable (Range<Int>, inout Gradient<T>) -> (loss: Double, correct: Int)) -> (Gradient<T>, Double, Int) {
        let buffers = buffers, workers = buffers.count
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let state = buffers[w]
            state.gradient.reset()
            state.loss = 0
            state.correct = 0
            let share = WorkShare.range(w, of: workers, count: count)
            guard !share.isEmpty else { return }
            (state.loss, state.correct) = body(share, &state.gradient)
        }
        var total = buffers[0].gradient
        var loss = buffers[0].loss, correct = buffers[0].correct
        for w in 1..<workers {
            total.add(buffers[w].gradient)
            loss += buffers[w].loss
            correct += buffers[w].correct
        }
        return (total, loss, correct)
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

/// Seconds on the monotonic clock.
func monotonicSeconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) * 1e-9
}

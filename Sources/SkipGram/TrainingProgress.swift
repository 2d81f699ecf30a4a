/// A progress report, made on the wall clock about once per interval while training runs.
public struct TrainingProgress: Sendable {
    /// Fraction of all epochs' words processed, 0...1.
    public var fraction: Double
    /// Vocabulary tokens processed so far (all epochs).
    public var wordsProcessed: Int
    /// Wall seconds since training started.
    public var elapsed: Double
    /// Tokens per wall second since training started (word2vec.c divides by CPU time instead).
    public var wordsPerSecond: Double
    /// The current learning rate.
    public var alpha: Double
    /// Mean SGNS loss per positive pair over the last interval (or the whole run in the final report).
    public var loss: Double
    /// Estimated seconds left at the average rate so far.
    public var eta: Double

    /// One line, e.g. `42.0%  1,234k words/s  alpha 0.014500  loss 2.3456  ETA 0:31`.
    public var line: String {
        let percent = String(format: "%5.1f%%", fraction * 100)
        let rate = String(format: "%.0fk words/s", wordsPerSecond / 1000)
        return "\(percent)  \(rate)  alpha \(String(format: "%.6f", alpha))  loss \(String(format: "%.4f", loss))  ETA \(Self.clock(eta))"
    }

    /// `m:ss` or `h:mm:ss`.
    public static func clock(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "--:--" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                         : String(format: "%d:%02d", s / 60, s % 60)
    }
}

/// What a finished (or stopped) training run reports.
public struct TrainingSummary: Sendable {
    /// True when every epoch completed; false when stopped by `requestStop()`.
    public var completed: Bool
    /// Wall seconds spent in this call.
    public var elapsed: Double
    /// Vocabulary tokens processed in this call.
    public var wordsProcessed: Int
    /// `wordsProcessed / elapsed`.
    public var wordsPerSecond: Double
    /// Mean loss per positive pair over the whole run (all calls).
    public var meanLoss: Double
    /// Mean loss per positive pair over the last progress interval (the "final loss").
    public var finalLoss: Double
    /// Positive pairs trained over the whole run.
    public var pairs: Int
    /// Positive pairs trained in this call.
    public var pairsThisCall: Int = 0

    /// Achieved arithmetic rate of this call, in GFLOP/s: each positive pair costs, with the
    /// centre and `negative` noise words as outputs, `1 + negative` dot products and as many
    /// multiply-adds into W and into C, i.e. `3 (1 + negative) dimension` multiply-adds
    /// (2 flops each), whether batched or per pair. Padding and the sigmoid are not counted.
    public func gigaflops(dimension: Int, negative: Int) -> Double {
        Double(pairsThisCall) * 3 * Double(1 + negative) * Double(dimension) * 2 / max(elapsed, 1e-9) / 1e9
    }
}

import Foundation

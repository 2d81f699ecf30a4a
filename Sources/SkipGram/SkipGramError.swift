/// Errors of the trainer, each with a description a person can act on. They carry data
/// (which field, which value, which range), never command-line flag names: `w2v` adds those.
public enum SkipGramError: Error, CustomStringConvertible, Equatable {
    /// A hyperparameter is out of range (refused before any work): which one, its value, the allowed range.
    case invalidConfiguration(field: TrainingConfiguration.Field, value: Double, allowed: ClosedRange<Double>)
    /// Training needs at least two distinct words (a target and a different negative).
    case vocabularyTooSmall(size: Int)
    /// The corpus has no pair to train on.
    case nothingToTrain
    /// The loss or the matrices became NaN or infinite.
    case diverged(atProgress: Double, alpha: Double)
    /// A checkpoint file cannot be opened or read (missing, a directory, no permission).
    case checkpointUnreadable(path: String, reason: String)
    /// A checkpoint file is not one, is truncated, fails its checksum, or holds a value out of range.
    case checkpointCorrupt(path: String, byteOffset: Int, reason: String)
    /// A checkpoint written in a newer format than this build reads.
    case checkpointVersion(path: String, version: UInt32, supported: UInt32)
    /// A checkpoint that does not belong to the corpus (or run) it is resumed with.
    case checkpointMismatch(path: String, reason: String)
    /// Checkpoints hold whole-word skip-gram runs only: `model` names the run's model.
    case checkpointUnsupported(model: String)

    /// "must be between 1 and 10000, got 0", with whole numbers printed without ".0".
    public static func rangeText(value: Double, allowed: ClosedRange<Double>) -> String {
        func text(_ x: Double) -> String {
            x.rounded() == x && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
        }
        return "must be between \(text(allowed.lowerBound)) and \(text(allowed.upperBound)), got \(text(value))"
    }

    public var description: String {
        switch self {
        case let .invalidConfiguration(field, value, allowed):
            return "the training configuration's \(field.rawValue) \(SkipGramError.rangeText(value: value, allowed: allowed))"
        case let .vocabularyTooSmall(size):
            return "the vocabulary has \(size) word\(size == 1 ? "" : "s"); skip-gram needs at least 2 distinct words"
        case .nothingToTrain:
            return "the corpus has no sentence with two vocabulary words, so there is nothing to train on"
        case let .diverged(progress, alpha):
            return "training diverged (loss or vectors became NaN or infinite) at \(String(format: "%.1f", progress * 100))% with alpha \(alpha)"
        case let .checkpointUnreadable(path, reason):
            return "\(path): cannot read checkpoint: \(reason) (give the path of a checkpoint file written by a training run)"
        case let .checkpointCorrupt(path, offset, reason):
            return "\(path): damaged checkpoint at byte \(offset): \(reason); use another copy or start the run again"
        case let .checkpointVersion(path, version, supported):
            return "\(path): checkpoint format version \(version) is newer than this w2v reads (version \(supported)); use the w2v that wrote it, or a newer one"
        case let .checkpointMismatch(path, reason):
            return "\(path): this checkpoint does not match: \(reason)"
        case let .checkpointUnsupported(model):
            return "checkpoints hold whole-word skip-gram runs only; a \(model) run cannot be checkpointed, resumed or continued (train it in one go)"
        }
    }
}

import Foundation

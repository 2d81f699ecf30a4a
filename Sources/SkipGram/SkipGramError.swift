/// Errors of the trainer, each with a description a person can act on.
public enum SkipGramError: Error, CustomStringConvertible, Equatable {
    /// A hyperparameter is out of range (refused before any work).
    case invalidConfiguration(flag: String, reason: String)
    /// Training needs at least two distinct words (a target and a different negative).
    case vocabularyTooSmall(size: Int)
    /// The corpus has no pair to train on.
    case nothingToTrain
    /// The loss or the matrices became NaN or infinite.
    case diverged(atProgress: Double, alpha: Double)

    public var description: String {
        switch self {
        case let .invalidConfiguration(flag, reason):
            return "\(flag) \(reason)"
        case let .vocabularyTooSmall(size):
            return "the vocabulary has \(size) word\(size == 1 ? "" : "s"); skip-gram needs at least 2 distinct words (use a larger corpus or a lower --min-count)"
        case .nothingToTrain:
            return "the corpus has no sentence with two vocabulary words, so there is nothing to train on (use a larger corpus or a lower --min-count)"
        case let .diverged(progress, alpha):
            return "training diverged (loss or vectors became NaN or infinite) at \(String(format: "%.1f", progress * 100))% with alpha \(alpha); lower --alpha (e.g. to half) and retry"
        }
    }
}

import Foundation

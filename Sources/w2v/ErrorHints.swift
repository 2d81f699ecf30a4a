import Corpus
import Embeddings
import SkipGram

/// The libraries' errors carry data (which field, which value, which range) and never name a
/// command-line flag; this is where `w2v` adds the flag a user can change.
func commandLineDescription(_ error: any Error) -> String {
    if case let .nothingReachesMinCount(_, _, most)? = error as? CorpusError {
        return "\(error) (--min-count \(most))"
    }
    if case let .rowCountMismatch(_, declared, found, _)? = error as? EmbeddingsError {
        return "\(error) (--limit \(min(declared, found)))"
    }
    switch error as? SkipGramError {
    case .vocabularyTooSmall?, .nothingToTrain?:
        return "\(error) (use a larger corpus or a lower --min-count)"
    case .diverged?:
        return "\(error); lower --alpha (e.g. to half) and retry"
    case let .invalidConfiguration(field, value, allowed)?:
        return "\(TrainOption.option(for: field)?.name ?? field.rawValue) \(SkipGramError.rangeText(value: value, allowed: allowed))"
    default:
        return "\(error)"
    }
}

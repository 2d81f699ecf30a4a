import Corpus
import Foundation
import Embeddings
import SkipGram
import Recurrent

/// The libraries' errors carry data (which field, which value, which range) and never name a
/// command-line flag; this is where `w2v` adds the flag a user can change.
func commandLineDescription(_ error: any Error) -> String {
    switch error as? CorpusError {
    case let .nothingReachesMinCount(_, _, most)?:
        return "\(error) (--min-count \(most))"
    case .noFiles(_, recursive: false)?:
        return "\(error) (--recursive reads them)"
    case .standardInputIsTerminal?:
        return "\(error) (e.g. 'gunzip -c corpus.gz | w2v train - --output vectors.txt', or '< corpus.txt')"
    case let .cannotReread(_, reason)? where reason.hasPrefix("more than"):
        return "\(error) (--max-vocab-memory raises the bound)"
    default:
        break
    }
    switch error as? RecurrentError {
    case .dimensionMismatch?:
        return "\(error) (--dim sets the model's dimension)"
    case .missingColumn?:
        return "\(error) (--columns)"
    default:
        break
    }
    if case let .rowCountMismatch(_, declared, found, _)? = error as? EmbeddingsError, min(declared, found) >= 1 {
        return "\(error) (--limit \(min(declared, found)))"
    }
    if case let .cannotOpen(path, "it is a directory")? = error as? EmbeddingsError,
       VectorFormat.projector.files(for: path).allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
        return "\(path): is a directory holding the Embedding Projector's vectors.tsv and metadata.tsv: read it with --format projector"
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

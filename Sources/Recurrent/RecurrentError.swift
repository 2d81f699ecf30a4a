import Kernels
/// Failures of the downstream classifier: labelled data, vectors and model files. Each
/// case names the file and says what to do.
public enum RecurrentError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case malformedLine(path: String, line: Int, reason: String)
    case noSentences(path: String)
    case tooFewLabels(labels: [String])
    case unknownLabel(path: String, line: Int, label: String, known: [String])
    case dimensionMismatch(path: String, expected: Int, found: Int)
    case notAModel(path: String)
    case unsupportedVersion(path: String, found: UInt32, supported: UInt32)
    case corruptModel(path: String, reason: String)
    /// Tagged data (`w2v tag`): a line that cannot be read as a token and its tag.
    case malformedTaggedLine(path: String, line: Int, reason: String)
    /// A line with fewer tab-separated columns than the token or tag column asked for.
    case missingColumn(path: String, line: Int, found: Int, needed: Int)
    case invalidText(path: String, line: Int, reason: String)
    case sentenceTooLong(path: String, line: Int, limit: Int)
    case noTaggedSentences(path: String)
    case tooFewTags(path: String, tags: [String])
    /// Tags of an evaluation file the model does not know: every one, with its first line.
    case unknownTags(path: String, line: Int, tags: [String], known: [String])
    case notATaggerModel(path: String)
    /// A language-model data file with no tokens (empty or whitespace only).
    case noTokens(path: String)
    /// A dev/test file none of whose tokens is in the model's vocabulary.
    case noKnownTokens(path: String)
    /// A model file of the other kind (a classifier where a language model is wanted, or back).
    case wrongModelKind(path: String, found: String, expected: String)
    /// Training ended without an epoch whose dev loss is a number (it diverged to NaN or inf).
    case noFiniteEpoch(path: String, epochs: Int)

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "\(path): cannot read: \(reason)"
        case let .malformedLine(path, line, reason):
            return "\(path):\(line): \(reason) (expected 'label<TAB>sentence' per line, or a .pos/.neg file with one sentence per line)"
        case let .noSentences(path):
            return "\(path): no labelled sentences found (give a 'label<TAB>sentence' file, .pos/.neg files, or a directory holding them)"
        case let .tooFewLabels(labels):
            return "the data has \(labels.count) label(s) (\(labels.joined(separator: ", "))); a classifier needs at least 2"
        case let .unknownLabel(path, line, label, known):
            return "\(path):\(line): label '\(label)' is not one the model was trained on (\(known.joined(separator: ", ")))"
        case let .dimensionMismatch(path, expected, found):
            return "\(path): vectors have dimension \(found), but \(expected) is required; use vectors of dimension \(expected) or a model of dimension \(found)"
        case let .missingColumn(path, line, found, needed):
            return "\(path):\(line): \(found) columns, but column \(needed) is needed (the token and tag columns are set by the caller)"
        case let .notAModel(path):
            return "\(path): not a w2v model file (bad magic bytes); give a file written by 'w2v classify train' or 'w2v lm train'"
        case let .unsupportedVersion(path, found, supported):
            return "\(path): model format version \(found), this w2v reads version \(supported); retrain the model with this w2v"
        case let .corruptModel(path, reason):
            return "\(path): damaged model file: \(reason); retrain or copy the model again"
        case let .malformedTaggedLine(path, line, reason):
            return "\(path):\(line): \(reason) (expected 'token<TAB>tag' lines with a blank line between sentences, or CoNLL-U)"
        case let .invalidText(path, line, reason):
            return "\(path):\(line): \(reason)"
        case let .sentenceTooLong(path, line, limit):
            return "\(path):\(line): sentence longer than \(limit) tokens (the limit); split it or check for missing blank lines"
        case let .noTaggedSentences(path):
            return "\(path): no tagged sentences found (give 'token<TAB>tag' lines with a blank line between sentences, or CoNLL-U)"
        case let .tooFewTags(path, tags):
            return "\(path): the data has \(tags.count) tag(s) (\(tags.joined(separator: ", "))); a tagger needs at least 2"
        case let .unknownTags(path, line, tags, known):
            return "\(path):\(line): \(tags.count) tag(s) the model was not trained on: \(tags.joined(separator: ", ")) (first at this line; the model knows \(known.joined(separator: " ")))"
        case let .notATaggerModel(path):
            return "\(path): not a w2v tagger model (bad magic bytes); give a file written by 'w2v tag train'"
        case let .noTokens(path):
            return "\(path): no tokens (the file is empty or holds only whitespace); give one sentence per line, tokens separated by spaces"
        case let .noKnownTokens(path):
            return "\(path): none of its tokens is in the model's vocabulary (every token would be <unk>); is it text of the same kind and tokenisation as the training data?"
        case let .wrongModelKind(path, found, expected):
            return "\(path): this is a \(found), not a \(expected); give it to the command that wrote it, or give a \(expected) file"
        case let .noFiniteEpoch(path, epochs):
            return "\(path): not written: none of the \(epochs) epoch(s) reached a finite dev loss (training diverged); lower the learning rate or clip harder"
        }
    }
}

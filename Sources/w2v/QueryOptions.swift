import Embeddings
import Foundation

/// Options shared by the commands that read a vectors file: `--limit`, `--format`, `--timing`, `--json`.
struct QueryOptions {
    /// Help lines for these options, appended to each command's help.
    static let help = """
      --limit N          read only the first N rows of VECTORS (as gensim's limit)
      --format F         auto (default: recognised from the bytes) or one of
                         \(VectorFormat.allCases.map(\.rawValue).joined(separator: ", "))
      --json             print JSON instead of text
      --timing           print load and query times (ms) on standard error
    \(Arguments.endOfOptionsHelp)
    """

    var limit: Int?
    /// nil: recognise the format from the file's bytes.
    var format: VectorFormat?
    var json: Bool
    var timing: Bool

    /// Reads the shared options (call before `finish`).
    static func parse(_ arguments: inout Arguments) throws -> QueryOptions {
        let limit = try arguments.option("--limit")
        var parsedLimit: Int?
        if let limit {
            guard let value = Int(limit), value >= 1 else { throw UsageError(message: "--limit expects a whole number >= 1, got '\(limit)'") }
            parsedLimit = value
        }
        let formatText = try arguments.option("--format") ?? "auto"
        let format = VectorFormat(rawValue: formatText)
        guard format != nil || formatText == "auto" else {
            throw UsageError(message: "--format must be auto or one of \(VectorFormat.allCases.map(\.rawValue).joined(separator: ", ")), got '\(formatText)'")
        }
        return QueryOptions(limit: parsedLimit, format: format, json: arguments.flag("--json"), timing: arguments.flag("--timing"))
    }

    /// The reader these options configure (the one every vectors input goes through).
    var input: VectorsInput { VectorsInput(limit: limit, format: format, timing: timing) }

    /// Loads the vectors, printing warnings (the first five and a count) and, with `--timing`,
    /// the load time on standard error.
    /// From a fastText `.bin`, the words of `composing` the vocabulary lacks are appended,
    /// composed from their n-grams (fastText `getWordVector`), so queries on them work.
    func load(_ path: String, composing words: [String] = []) throws -> Embeddings {
        try input.load(path) { _ in words }.embeddings
    }

    /// As `load`, keeping what the reader learned (the format, for outputs written "in the
    /// input's format").
    func loadResult(_ path: String) throws -> VectorFile { try input.read(path) }
}

/// A duration in milliseconds with three decimals.
func milliseconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    return String(format: "%.3f", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
}

/// Prints `value` as pretty JSON on standard output (`compact`: one line, for JSON Lines).
func printJSON<T: Encodable>(_ value: T, compact: Bool = false) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = compact ? [.sortedKeys, .withoutEscapingSlashes] : [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    let data = try encoder.encode(value)
    print(String(decoding: data, as: UTF8.self))
}

/// `value` with four decimals.
func fixed(_ value: Float) -> String { String(format: "%.4f", value) }
func fixed(_ value: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", value) }

/// `word` padded to `width` characters (for aligned columns).
func padded(_ word: String, _ width: Int) -> String {
    word.count >= width ? word : word + String(repeating: " ", count: width - word.count)
}

/// Ranked answers as aligned lines: rank, word, score.
func rankedLines(_ answers: [Embeddings.Neighbour]) -> [String] {
    let width = min(24, answers.map(\.word.count).max() ?? 0)
    return answers.enumerated().map { "  \(String(format: "%2d", $0.offset + 1)). \(padded($0.element.word, width))  \(fixed($0.element.score))" }
}

/// "king (would have ranked 1, 0.8123)" for each excluded query word.
func excludedText(_ excluded: [Embeddings.ExcludedWord]) -> String {
    excluded.map { "\($0.word) (would have ranked \($0.rank), \(fixed($0.score)))" }.joined(separator: ", ")
}

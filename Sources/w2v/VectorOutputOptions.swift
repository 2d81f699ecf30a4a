import Embeddings
import SkipGram

/// `--output PATH [--format F | --binary] [--vectors input|input+output]`, shared by `train`
/// and `export`.
struct VectorOutputOptions {
    /// Help lines for these options, generated from `VectorFormat`'s cases.
    static let help = """
      --output PATH          where to write the vectors (required); written atomically
      --format F             \(VectorFormat.allCases.map(\.rawValue).joined(separator: ", ")) (default text):
    \(VectorFormat.allCases.map { "                           " + $0.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0) + $0.summary }.joined(separator: "\n"))
      --binary               the same as --format binary (word2vec.c's -binary 1)
      --vectors input|input+output
                             export W (default, as word2vec.c) or W + C
    """

    let path: String
    let format: VectorFormat
    let choice: VectorChoice

    /// Reads the options; `--output` is required.
    init(_ arguments: inout Arguments) throws {
        guard let path = try arguments.option("--output", aliases: ["-o"]) else {
            _ = try? arguments.finish(positionals: 0...Int.max, names: "")
            throw UsageError(message: "--output is required")
        }
        self.path = path
        let binary = arguments.flag("--binary")
        let formatText = try arguments.option("--format")
        if let formatText {
            guard let format = VectorFormat(rawValue: formatText) else {
                throw UsageError(message: "--format must be one of \(VectorFormat.allCases.map(\.rawValue).joined(separator: ", ")), got '\(formatText)'")
            }
            if binary && format != .word2vecBinary { throw UsageError(message: "--binary contradicts --format \(formatText)") }
            self.format = format
        } else {
            format = binary ? .word2vecBinary : .word2vecText
        }
        let choiceText = try arguments.option("--vectors") ?? "input"
        guard let choice = VectorChoice(rawValue: choiceText) else {
            throw UsageError(message: "--vectors must be input or input+output, got '\(choiceText)'")
        }
        self.choice = choice
    }

    /// Every file the output writes (the vectors, then any companion file of the format).
    var files: [String] { format.files(for: path) }

    /// Refuses, before any work, an output file that is one of `inputs` (it would be replaced)
    /// or that cannot be written.
    func check(inputs: [String]) throws {
        let inputPaths = Set(inputs.map(absolutePath))
        for file in files {
            if inputPaths.contains(absolutePath(file)) {
                throw UsageError(message: "the output \(file) is an input of this command; give another --output")
            }
            try checkWritable(file)
        }
    }
}

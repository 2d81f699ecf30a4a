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
    /// True when `--format` (or `--binary`) was given rather than defaulted.
    let formatGiven: Bool
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
        formatGiven = binary || formatText != nil
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

    /// Refuses, before any work, an output file that is one of the command's inputs (writing
    /// it would replace the input, `CommandInputs`) or that cannot be written.
    func check() throws {
        for file in Set([path] + files).sorted() {
            try CommandInputs.refuse(file, flag: file == path ? "--output" : "--output's \(format.rawValue) file")
        }
        try format.prepareOutput(path)
        for file in files { try checkWritable(file) }
    }
}

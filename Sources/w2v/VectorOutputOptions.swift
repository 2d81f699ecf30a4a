import SkipGram

/// `--output PATH [--binary] [--vectors input|input+output]`, shared by `train` and `export`.
struct VectorOutputOptions {
    let path: String
    let binary: Bool
    let choice: VectorChoice

    /// Reads the three options; `--output` is required.
    init(_ arguments: inout Arguments) throws {
        guard let path = try arguments.option("--output", aliases: ["-o"]) else {
            _ = try? arguments.finish(positionals: 0...Int.max, names: "")
            throw UsageError(message: "--output is required")
        }
        self.path = path
        binary = arguments.flag("--binary")
        let choiceText = try arguments.option("--vectors") ?? "input"
        guard let choice = VectorChoice(rawValue: choiceText) else {
            throw UsageError(message: "--vectors must be input or input+output, got '\(choiceText)'")
        }
        self.choice = choice
    }
}

import Embeddings

/// `--output PATH [--output-format F | --binary | --text]` of commands that turn vectors into
/// new vectors (`align`, `debias`): written in the input's format unless told otherwise.
struct DerivedVectorsOutput {
    static let help = """
      --output PATH      where to write the new vectors (required); written atomically, in the
                         input's format unless --output-format, --binary or --text
      --output-format F  \(VectorFormat.allCases.map(\.rawValue).joined(separator: ", "))
      --binary, --text   the same as --output-format binary / text
    """

    let path: String
    /// nil: the input's format.
    let format: VectorFormat?

    init(_ arguments: inout Arguments) throws {
        guard let path = try arguments.option("--output", aliases: ["-o"]) else {
            _ = try? arguments.finish(positionals: 0...Int.max, names: "")
            throw UsageError(message: "--output is required")
        }
        let binary = arguments.flag("--binary"), text = arguments.flag("--text")
        let named = try arguments.option("--output-format").map { name -> VectorFormat in
            guard let format = VectorFormat(rawValue: name) else {
                throw UsageError(message: "--output-format must be one of \(VectorFormat.allCases.map(\.rawValue).joined(separator: ", ")), got '\(name)'")
            }
            return format
        }
        if [binary, text, named != nil].filter({ $0 }).count > 1 {
            throw UsageError(message: "give one of --output-format, --binary and --text")
        }
        self.path = path
        format = named ?? (binary ? .word2vecBinary : text ? .word2vecText : nil)
    }

    /// Refuses an output that is one of the command's inputs (`CommandInputs`), and checks it
    /// can be created.
    func check() throws {
        for output in [path] + (format?.files(for: path) ?? []) { try CommandInputs.refuse(output, flag: "--output") }
        if let format { try format.prepareOutput(path) }
        for output in format?.files(for: path) ?? [path] { try checkWritable(output) }
    }

    /// Writes `embeddings` in the format of `input` unless forced; returns the format written.
    func write(_ embeddings: Embeddings, like input: VectorFile) throws -> VectorFormat {
        let format = self.format ?? input.format
        try format.write(embeddings, to: path)
        return format
    }
}

import Embeddings

/// `--output PATH [--binary | --text]` of commands that turn vectors into new vectors (`align`,
/// `debias`): written in word2vec format, binary or text like the input unless told otherwise.
struct DerivedVectorsOutput {
    static let help = """
      --output PATH      where to write the new vectors (required); written atomically, in the
                         input's word2vec format (text or binary) unless --binary or --text
      --binary, --text   force the output format
    """

    let path: String
    let binary: Bool?

    init(_ arguments: inout Arguments) throws {
        guard let path = try arguments.option("--output", aliases: ["-o"]) else {
            _ = try? arguments.finish(positionals: 0...Int.max, names: "")
            throw UsageError(message: "--output is required")
        }
        let binary = arguments.flag("--binary"), text = arguments.flag("--text")
        if binary && text { throw UsageError(message: "give --binary or --text, not both") }
        self.path = path
        self.binary = binary ? true : text ? false : nil
    }

    /// Refuses an output that is one of the inputs (exit 1), and checks it can be created.
    func check(inputs: [String]) throws {
        if inputs.contains(where: { absolutePath($0) == absolutePath(path) }) {
            throw EmbeddingsError.invalidArgument("--output \(path) is one of the input files; write the result elsewhere")
        }
        try checkWritable(path)
    }

    /// Writes `embeddings` in the format of `input` unless forced.
    func write(_ embeddings: Embeddings, like input: Word2VecReader.ReadResult) throws -> Bool {
        let binary = self.binary ?? (input.format == .binary)
        try Word2VecWriter.write(embeddings, to: path, binary: binary)
        return binary
    }
}

import Foundation
import Embeddings
import SkipGram

/// `w2v export`: a checkpoint in, vectors out.
enum ExportCommand: Command {
    static let name = "export"
    static let summary = "write the vectors saved in a training checkpoint, or vectors for the Embedding Projector"
    static let help = """
    usage: w2v export CHECKPOINT --output VECTORS [--binary] [--vectors input|input+output]
           w2v export VECTORS --format projector --output DIR

    Writes the vectors of a checkpoint made by 'w2v train --checkpoint' in word2vec format, as
    'w2v train' would have at that point: the final vectors if the run had finished, otherwise
    the vectors of the run so far (the message says how far it got). The checkpoint is verified
    (format version, length, CRC-32) first.

      --output PATH          where to write the vectors (required); written atomically
      --binary               word2vec binary format instead of text
      --vectors input|input+output
                             export W (default, as word2vec.c) or W + C
      --format projector     read VECTORS (a word2vec text or binary file) and write DIR/vectors.tsv
                             and DIR/metadata.tsv for the TensorFlow Embedding Projector
                             (projector.tensorflow.org, "Load"); DIR is created if needed
      --quiet                no message on stderr

    Exit status: 0 success, 1 bad checkpoint or failed output, 2 invalid command line.
    """

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        if let format = try arguments.option("--format") {
            guard format == "projector" else { throw UsageError(message: "--format must be projector, got '\(format)'") }
            return try exportProjector(&arguments)
        }
        let output = try VectorOutputOptions(&arguments)
        let (outputPath, binary, choice) = (output.path, output.binary, output.choice)
        let quiet = arguments.flag("--quiet", aliases: ["-q"])
        let checkpointPath = try arguments.finish(positionals: 1...1, names: "CHECKPOINT")[0]
        try refuseOutput(outputPath, flag: "--output", over: [("checkpoint", checkpointPath)])
        try checkWritable(outputPath)
        let checkpoint = try Checkpoint.read(path: checkpointPath)
        try checkpoint.writeVectors(choice, to: outputPath, binary: binary)
        if !quiet {
            let header = checkpoint.header
            let state = header.isFinished ? "finished run" : String(format: "run stopped at %.1f%%", header.fraction * 100)
            printError("wrote \(header.vocabulary.count) x \(header.configuration.dimension) \(choice.rawValue) vectors of a \(state) to \(outputPath) (\(binary ? "binary" : "text"))")
        }
        return ExitStatus.success
    }

    /// `--format projector`: vectors file in, Embedding Projector TSV files out.
    static func exportProjector(_ arguments: inout Arguments) throws -> Int32 {
        guard let directory = try arguments.option("--output", aliases: ["-o"]) else { throw UsageError(message: "--output DIR is required") }
        let quiet = arguments.flag("--quiet", aliases: ["-q"])
        let input = try arguments.finish(positionals: 1...1, names: "VECTORS")[0]
        let outputs = [ProjectorWriter.vectorsFile, ProjectorWriter.metadataFile].map { directory + "/" + $0 }
        guard absolutePath(input) != absolutePath(directory), !outputs.contains(where: { absolutePath($0) == absolutePath(input) }) else {
            throw EmbeddingsError.invalidArgument("--output \(directory) would overwrite the input \(input)")
        }
        let embeddings = try Word2VecReader.read(path: input)
        try ProjectorWriter.write(embeddings, toDirectory: directory)
        if !quiet { printError("wrote \(embeddings.count) x \(embeddings.dimension) vectors to \(outputs[0]) and their words to \(outputs[1])") }
        return ExitStatus.success
    }
}

import Foundation
import Embeddings
import SkipGram

/// `w2v export`: a checkpoint in, vectors out.
enum ExportCommand: Command {
    static let name = "export"
    static let summary = "write the vectors saved in a training checkpoint"
    static let help = """
    usage: w2v export CHECKPOINT --output VECTORS [--binary] [--vectors input|input+output]

    Writes the vectors of a checkpoint made by 'w2v train --checkpoint' in word2vec format, as
    'w2v train' would have at that point: the final vectors if the run had finished, otherwise
    the vectors of the run so far (the message says how far it got). The checkpoint is verified
    (format version, length, CRC-32) first.

      --output PATH          where to write the vectors (required); written atomically
      --binary               word2vec binary format instead of text
      --vectors input|input+output
                             export W (default, as word2vec.c) or W + C
      --quiet                no message on stderr

    Exit status: 0 success, 1 bad checkpoint or failed output, 2 invalid command line.
    """

    static func run(_ arguments: inout Arguments) throws -> Int32 {
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
}

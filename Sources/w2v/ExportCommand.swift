import Foundation
import Embeddings
import SkipGram

/// `w2v export`: a checkpoint in, vectors out.
enum ExportCommand: Command {
    static let name = "export"
    static let summary = "write the vectors saved in a training checkpoint"
    static let help = """
    usage: w2v export CHECKPOINT --output VECTORS [--format F] [--vectors input|input+output]

    Writes the vectors of a checkpoint made by 'w2v train --checkpoint' (in word2vec text format
    unless --format says otherwise), as
    'w2v train' would have at that point: the final vectors if the run had finished, otherwise
    the vectors of the run so far (the message says how far it got). The checkpoint is verified
    (format version, length, CRC-32) first.

    \(VectorOutputOptions.help)
      --quiet                no message on stderr

    Exit status: 0 success, 1 bad checkpoint or failed output, 2 invalid command line.
    """

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        let output = try VectorOutputOptions(&arguments)
        let (outputPath, format, choice) = (output.path, output.format, output.choice)
        let quiet = arguments.flag("--quiet", aliases: ["-q"])
        let checkpointPath = try arguments.finish(positionals: 1...1, names: "CHECKPOINT")[0]
        try output.check(inputs: [checkpointPath])
        let checkpoint = try Checkpoint.read(path: checkpointPath)
        try checkpoint.writeVectors(choice, to: outputPath, format: format)
        if !quiet {
            let header = checkpoint.header
            let state = header.isFinished ? "finished run" : String(format: "run stopped at %.1f%%", header.fraction * 100)
            printError("wrote \(header.vocabulary.count) x \(header.configuration.dimension) \(choice.rawValue) vectors of a \(state) to \(outputPath) (\(format.rawValue))")
        }
        return ExitStatus.success
    }
}

import Foundation
import Embeddings
import Kernels
import SkipGram

/// `w2v export`: a checkpoint (or a vectors file) in, vectors in any `VectorFormat` out.
enum ExportCommand: Command {
    static let name = "export"
    static let summary = "write the vectors of a training checkpoint, or convert vectors, to any format (npy, projector, ...)"
    static let help = """
    usage: w2v export CHECKPOINT --output VECTORS [--format F] [--vectors input|input+output]
           w2v export VECTORS --output PATH --format F
           w2v export MODEL.bin --words FILE --output VECTORS [--format F]

    Writes the vectors of a checkpoint made by 'w2v train --checkpoint' (in word2vec text format
    unless --format says otherwise), as 'w2v train' would have at that point: the final vectors
    if the run had finished, otherwise the vectors of the run so far (the message says how far it
    got). The checkpoint is verified (format version, length, CRC-32) first. Given a vectors file
    and --format (the input is recognised from its bytes: word2vec text or binary, GloVe, .npy),
    converts it, e.g.
    'w2v export v.bin --format projector --output DIR' writes DIR/vectors.tsv and
    DIR/metadata.tsv for projector.tensorflow.org ("Load").

    With --words FILE (one word per line), writes only those words' vectors, in FILE's order;
    from a fastText .bin (written by 'w2v train --save-model' or by fastText) words the model
    never saw get vectors composed from their character n-grams, as 'fasttext
    print-word-vectors' does. Words without a vector are listed on stderr and left out.

    \(VectorOutputOptions.help)
      --words FILE           only these words (one per line), unseen ones composed from a .bin
      --quiet                no message on stderr

    Exit status: 0 success, 1 bad input or failed output, 2 invalid command line.
    """

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        let output = try VectorOutputOptions(&arguments)
        let (outputPath, format, choice) = (output.path, output.format, output.choice)
        let quiet = arguments.flag("--quiet", aliases: ["-q"])
        let wordsPath = try arguments.option("--words")
        let inputPath = try arguments.finish(positionals: 1...1, names: "CHECKPOINT or VECTORS")[0]
        // Without --format, the input must be a checkpoint (the reader says why not).
        // A pipe is read once, by the vectors reader: peeking at its magic would lose those bytes.
        let stream = InputFile.isStream(inputPath)
        let isCheckpoint = !stream && startsWithCheckpointMagic(inputPath)
        if stream && !output.formatGiven {
            throw UsageError(message: "\(inputPath) is a pipe: give --format F to convert the vectors it holds (a checkpoint must be a regular file)")
        }
        if !isCheckpoint && !output.formatGiven && wordsPath == nil {
            throw CommandFailure(message: "\(inputPath) is not a w2v checkpoint (no \"w2v-ckpt\" magic); to convert a vectors file, give --format F (\(VectorFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        if let wordsPath { CommandInputs.note([wordsPath], role: "the word list") }
        CommandInputs.note([inputPath], role: isCheckpoint ? "the checkpoint" : "the input vectors file")
        try output.check()
        guard isCheckpoint else {
            if choice != .input { throw UsageError(message: "--vectors \(choice.rawValue) needs a checkpoint (a vectors file holds W only)") }
            let input = try VectorFormat.read(path: inputPath)
            for warning in input.warnings.prefix(5) { printError("w2v: warning: \(inputPath): \(warning)") }
            var embeddings = input.embeddings
            if let wordsPath {
                let wanted = try readWordList(wordsPath)
                let (selected, missing) = select(wanted, from: input)
                if !missing.isEmpty {
                    printError("w2v export: \(missing.count) word\(missing.count == 1 ? "" : "s") without a vector left out"
                        + (input.model == nil ? " (not in the vocabulary; a fastText .bin composes unseen words)" : " (no n-gram of the model's lengths)")
                        + ": " + missing.prefix(10).joined(separator: ", ") + (missing.count > 10 ? ", ..." : ""))
                }
                embeddings = selected
            }
            try format.write(embeddings, to: outputPath)
            if !quiet {
                printError("wrote \(embeddings.count) x \(embeddings.dimension) vectors of \(inputPath) (\(input.format.rawValue)) to \(outputPath) (\(format.rawValue))")
            }
            return ExitStatus.success
        }
        let checkpoint = try Checkpoint.read(path: inputPath)
        try checkpoint.writeVectors(choice, to: outputPath, format: format)
        if !quiet {
            let header = checkpoint.header
            let state = header.isFinished ? "finished run" : String(format: "run stopped at %.1f%%", header.fraction * 100)
            printError("wrote \(header.vocabulary.count) x \(header.configuration.dimension) \(choice.rawValue) vectors of a \(state) to \(outputPath) (\(format.rawValue))")
        }
        return ExitStatus.success
    }

    /// The vectors of `words` in their order (duplicates once): the vocabulary's rows, or for
    /// a fastText model any word with n-grams; and the words that got none.
    static func select(_ words: [String], from input: VectorFile) -> (Embeddings, missing: [String]) {
        var kept: [String] = [], values: [Float] = [], missing: [String] = []
        var seen = Set<WordKey>()
        for word in words where seen.insert(WordKey(word)).inserted {
            if let v = input.model?.vector(word) ?? input.embeddings.vector(word).map({ Array($0) }) {
                kept.append(word); values += v
            } else {
                missing.append(word)
            }
        }
        return (Embeddings(words: kept, dimension: input.embeddings.dimension, vectors: values), missing)
    }

    /// The lines of `path`, one word each (blank lines and a final newline ignored).
    static func readWordList(_ path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure(message: "\(path): cannot read the word list (missing or unreadable)")
        }
        return String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// True when `path` starts with the checkpoint magic ("w2v-ckpt"); a missing or unreadable
    /// file is left to the reader, which says why.
    static func startsWithCheckpointMagic(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return true }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: Checkpoint.magic.count)) ?? Data()
        return head.isEmpty || Array(head) == Checkpoint.magic
    }
}

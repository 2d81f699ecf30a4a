import Foundation
import Corpus
import Embeddings
import SkipGram

/// `w2v train`: corpus in, vectors out; checkpoints, resuming, and interruption.
enum TrainCommand: Command {
    static let name = "train"
    static let summary = "train skip-gram negative-sampling vectors from a text file"
    static let help = """
    usage: w2v train CORPUS --output VECTORS [options]
           w2v train --resume CHECKPOINT --output VECTORS [CORPUS] [--checkpoint PATH] [--checkpoint-every MIN]

    Trains skip-gram with negative sampling (word2vec.c's algorithm) on CORPUS, a text file of
    whitespace-separated tokens (each line a sentence), and writes the vectors in word2vec format.

    Output:
    \(VectorOutputOptions.help)

    Checkpoints:
      --checkpoint PATH      save the whole training state there periodically, at the end, and
                             on Ctrl-C/SIGTERM (atomically: the previous checkpoint stays intact
                             until a complete new one replaces it)
      --checkpoint-every MIN minutes between checkpoints (default 10; fractions allowed)
      --resume PATH          continue the run saved in checkpoint PATH exactly where it stopped
                             (same configuration, learning-rate schedule and random streams); the
                             corpus is the one recorded in the checkpoint unless CORPUS is given,
                             and must be unchanged. Checkpoints then go to --checkpoint, or back
                             to PATH. Corpus and training options cannot be changed on resume.

    \(TrainOption.help(.corpus))

    \(TrainOption.help(.training))

    Reporting:
      --quiet                no progress or summary on stderr

    Ctrl-C or SIGTERM stops training at the next sentence, writes the checkpoint if --checkpoint
    (or --resume) was given, and exits with status 130; a second Ctrl-C quits at once.

    Exit status: 0 success, 1 bad input or failed output, 2 invalid command line,
    130 interrupted by SIGINT or SIGTERM.
    """

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        let output = try VectorOutputOptions(&arguments)
        let (outputPath, format, choice) = (output.path, output.format, output.choice)
        let resumePath = try arguments.option("--resume")
        let checkpointPath = try arguments.option("--checkpoint") ?? resumePath
        let everyText = try arguments.option("--checkpoint-every")
        let minutes = try everyText.map { text -> Double in
            guard let value = Double(text), value > 0, value <= 1e6 else {
                throw UsageError(message: "--checkpoint-every expects minutes greater than 0, got '\(text)'")
            }
            return value
        } ?? 10
        if everyText != nil && checkpointPath == nil {
            throw UsageError(message: "--checkpoint-every needs --checkpoint PATH")
        }
        let idsOnDisk = arguments.flag("--ids-on-disk")
        let quiet = arguments.flag("--quiet", aliases: ["-q"])

        var plan: Plan
        if let resumePath {
            try TrainOption.refuseFixed(&arguments)
            let corpus = try arguments.finish(positionals: 0...1, names: "CORPUS").first
            plan = .resume(path: resumePath, checkpoint: try Checkpoint.read(path: resumePath), corpus: corpus)
        } else {
            let settings = try TrainOption.parse(&arguments)
            let corpus = try arguments.finish(positionals: 1...1, names: "CORPUS")[0]
            plan = .fresh(configuration: settings.configuration, options: settings.corpus, corpus: corpus)
        }

        // Refuse unwritable outputs, and outputs that would replace an input, before hours of work.
        switch plan {
        case let .fresh(_, _, corpus): try output.check(inputs: [corpus])
        case let .resume(path, checkpoint, corpus): try output.check(inputs: [path, corpus ?? checkpoint.header.source.path])
        }
        if let checkpointPath {
            guard absolutePath(checkpointPath) != absolutePath(outputPath) else {
                throw UsageError(message: "--checkpoint and --output must be different files")
            }
            try checkWritable(checkpointPath)
        }

        let interrupts = InterruptHandler.shared
        interrupts.install()
        let reporter = ProgressPrinter(quiet: quiet)
        let idsDirectory = idsOnDisk || corpusIsLarge(plan) ? directoryOf(outputPath) : nil
        let (trainer, source) = try prepare(plan, idsDirectory: idsDirectory, reporter: reporter)
        if case .resume(let path, _, _) = plan {
            reporter.finish(String(format: "resuming %@: %.1f%% done, epoch %d of %d, alpha %.6f", path,
                                   trainer.fraction * 100, (trainer.states.map(\.epoch).min() ?? 0) + 1,
                                   trainer.configuration.epochs, trainer.alpha))
        }
        let c = trainer.configuration
        reporter.finish("training: \(c.dimension)-d, window \(c.window), \(c.negative) negatives, sample \(c.sample), alpha \(c.alpha), \(c.epochs) epochs, \(c.threads) thread\(c.threads == 1 ? "" : "s"), batch \(c.update == .batched ? "on" : "off"), seed \(c.seed)")

        let stop = trainer.stopHandle
        interrupts.onInterrupt {
            printError("\nw2v train: stopping at the next sentence\(checkpointPath.map { " and saving \($0)" } ?? ""); Ctrl-C again to quit at once")
            stop()
        }
        var savedAt = -1
        func saveCheckpoint(_ trainer: Trainer) throws {
            guard let checkpointPath, trainer.wordsProcessed != savedAt else { return }
            try trainer.writeCheckpoint(to: checkpointPath, source: source)
            savedAt = trainer.wordsProcessed
            reporter.finish(String(format: "checkpoint: %.1f%% saved to %@", trainer.fraction * 100, checkpointPath))
        }
        let summary: TrainingSummary
        do {
            summary = try trainer.train(progress: { reporter.update($0.line) },
                                        checkpointEvery: checkpointPath == nil ? nil : minutes * 60,
                                        checkpoint: saveCheckpoint)
        } catch SkipGramError.diverged(let progress, let alpha) {
            let error = SkipGramError.diverged(atProgress: progress, alpha: alpha)
            let kept = checkpointPath.map { " The last good checkpoint, \($0), was kept; 'w2v export' turns it into vectors." } ?? ""
            throw CommandFailure(message: "\(commandLineDescription(error)).\(kept)")
        }
        interrupts.onInterrupt("finishing the outputs; Ctrl-C again to quit at once") {
            printError("\nw2v train: finishing the outputs; Ctrl-C again to quit at once")
        }
        reporter.finish(String(format: "trained %d words in %.1f s: %.0fk words/s, %.1f GFLOP/s, mean loss %.4f, final loss %.4f",
                               summary.wordsProcessed, summary.elapsed, summary.wordsPerSecond / 1000,
                               summary.gigaflops(dimension: trainer.configuration.dimension, negative: trainer.configuration.negative),
                               summary.meanLoss, summary.finalLoss))
        try saveCheckpoint(trainer)
        guard summary.completed else {
            let done = String(format: "%.1f%%", trainer.fraction * 100)
            if let checkpointPath {
                printError("w2v train: interrupted at \(done); checkpoint saved to \(checkpointPath); continue with: w2v train --resume \(checkpointPath) --output \(outputPath)")
            } else {
                printError("w2v train: interrupted at \(done); nothing was saved (give --checkpoint PATH to be able to resume)")
            }
            return ExitStatus.interrupted
        }
        try trainer.writeVectors(choice, to: outputPath, format: format)
        reporter.finish("wrote \(trainer.vocabulary.count) x \(trainer.configuration.dimension) \(choice.rawValue) vectors to \(outputPath) (\(format.rawValue))")
        return ExitStatus.success
    }

    /// A fresh run or a resumed one.
    enum Plan {
        case fresh(configuration: TrainingConfiguration, options: CorpusOptions, corpus: String)
        case resume(path: String, checkpoint: Checkpoint, corpus: String?)
    }

    /// Loads the corpus and builds the trainer (from a checkpoint when resuming).
    private static func prepare(_ plan: Plan, idsDirectory: String?, reporter: ProgressPrinter) throws -> (Trainer, CorpusSource) {
        InterruptHandler.shared.onInterrupt("interrupted while reading the corpus; nothing was saved", nil)
        switch plan {
        case let .fresh(configuration, options, corpusPath):
            let loaded = try load(corpusPath, options: options, idsDirectory: idsDirectory, reporter: reporter)
            let source = CorpusSource(path: absolutePath(corpusPath), byteCount: loaded.statistics.bytesRead, options: options)
            return (try Trainer(configuration: configuration, vocabulary: loaded.vocabulary, corpus: loaded.corpus), source)
        case let .resume(checkpointPath, checkpoint, corpusPath):
            let source = checkpoint.header.source
            let path = corpusPath ?? source.path
            if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size != source.byteCount {
                throw SkipGramError.checkpointMismatch(path: checkpointPath, reason: "it was made from a corpus of \(source.byteCount) bytes (\(source.path)), but \(path) has \(size) bytes; give the original corpus unchanged")
            }
            let loaded = try load(path, options: source.options, idsDirectory: idsDirectory, reporter: reporter)
            let trainer = try Trainer(checkpoint: checkpoint, path: checkpointPath, vocabulary: loaded.vocabulary, corpus: loaded.corpus)
            return (trainer, source)
        }
    }

    private static func load(_ path: String, options: CorpusOptions, idsDirectory: String?, reporter: ProgressPrinter) throws -> LoadedCorpus {
        var options = options
        options.idsDirectory = idsDirectory
        let loaded = try CorpusLoader.load(path: path, options: options) { read, total in
            reporter.update(String(format: "reading %@: %.0f%% of %.1f MB", path, Double(read) / Double(max(total, 1)) * 100, Double(total) / 1e6))
        }
        reporter.finish(loaded.statistics.summary + (loaded.corpus.isMemoryMapped ? "; ids memory-mapped from a temporary file in \(options.idsDirectory ?? ".")" : ""))
        return loaded
    }

    /// True when the corpus file is larger than a quarter of physical memory (its ids take
    /// about 2/3 of its size): the ids then go to disk, next to the output.
    private static func corpusIsLarge(_ plan: Plan) -> Bool {
        let path: String
        switch plan {
        case let .fresh(_, _, corpus): path = corpus
        case let .resume(_, checkpoint, corpus): path = corpus ?? checkpoint.header.source.path
        }
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int else { return false }
        return UInt64(size) > ProcessInfo.processInfo.physicalMemory / 4
    }

    /// `123`, `64K`, `500M`, `2G` (powers of 1024) -> bytes.
    static func parseSize(_ text: String) -> Int? {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var digits = text.uppercased()
        var unit = 1
        if let last = digits.last, let factor = units[last] {
            unit = factor
            digits.removeLast()
        }
        guard let value = Double(digits), value.isFinite, value >= 0, value * Double(unit) < 9e18 else { return nil }
        return Int(value * Double(unit))
    }
}

/// A runtime failure whose message was composed by the command (exit status 1).
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

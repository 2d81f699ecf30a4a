import Foundation
import Corpus
import Embeddings
import SkipGram

/// `w2v train`: corpus in, vectors out; checkpoints, resuming, and interruption.
enum TrainCommand: Command {
    static let name = "train"
    static let summary = "train skip-gram or CBOW negative-sampling vectors (optionally with subwords) from a text file"
    static let help = """
    usage: w2v train CORPUS... --output VECTORS [options]
           w2v train --resume CHECKPOINT --output VECTORS [CORPUS...] [--checkpoint PATH] [--checkpoint-every MIN]

    Trains skip-gram or CBOW with negative sampling (word2vec.c's algorithms; with --subwords,
    fastText's character n-grams) on CORPUS, text of whitespace-separated tokens (each line a
    sentence), and writes the vectors in word2vec format.

    \(TrainOption.help(.input))

    Output:
    \(VectorOutputOptions.help)
      --save-model M.bin     also write the model in fastText 0.9's .bin format (input rows with
                             the n-gram buckets, output rows, vocabulary): fasttext.load_model
                             opens it, and w2v's query commands compose vectors for unseen words

    Checkpoints:
      --checkpoint PATH      save the whole training state there periodically, at the end, and
                             on Ctrl-C/SIGTERM (atomically: the previous checkpoint stays intact
                             until a complete new one replaces it)
      --checkpoint-every MIN minutes between checkpoints (default 10; fractions allowed)
      --resume PATH          continue the run saved in checkpoint PATH exactly where it stopped
                             (same configuration, learning-rate schedule and random streams); the
                             corpus files are those recorded in the checkpoint unless CORPUS is
                             given, and must be unchanged (size, contents, modification time).
                             A corpus read from standard input must be piped in again (name it -). Checkpoints then go to --checkpoint, or back
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
        let modelPath = try arguments.option("--save-model")
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
        var settings = TrainSettings()
        if resumePath == nil { try TrainOption.parse(&arguments, [.input], into: &settings) }
        let quiet = arguments.flag("--quiet", aliases: ["-q"])

        var plan: Plan
        if let resumePath {
            try TrainOption.refuseFixed(&arguments)
            // What remains are the options a resumed run may take (--save-vocab, --ids-on-disk, ...).
            try TrainOption.parse(&arguments, TrainOption.Section.allCases, into: &settings)
            var inputs = settings.input
            inputs.paths = try arguments.finish(positionals: 0...Int.max, names: "CORPUS")
            plan = .resume(path: resumePath, checkpoint: try Checkpoint.read(path: resumePath),
                           corpus: inputs.paths.isEmpty ? nil : inputs)
        } else if let continuePath = settings.input.continuePath {
            let checkpoint = try Checkpoint.read(path: continuePath)
            let header = checkpoint.header
            // The earlier run's options stand for those not given (but not its thread count).
            settings.configuration = header.configuration
            settings.configuration.threads = TrainingConfiguration.defaultThreads
            settings.corpus = header.source.options
            try TrainOption.parse(&arguments, [.corpus, .training], into: &settings)
            guard settings.configuration.dimension == header.configuration.dimension else {
                throw SkipGramError.checkpointMismatch(path: continuePath, reason: "it holds \(header.configuration.dimension)-dimensional vectors, but --dim \(settings.configuration.dimension) was asked; continued training keeps the dimension (omit --dim)")
            }
            settings.input.paths = try arguments.finish(positionals: 1...Int.max, names: "CORPUS")
            plan = .fresh(configuration: settings.configuration, options: settings.corpus, corpus: settings.input, base: (continuePath, checkpoint))
        } else {
            try TrainOption.parse(&arguments, [.corpus, .training], into: &settings)
            settings.input.paths = try arguments.finish(positionals: 1...Int.max, names: "CORPUS")
            plan = .fresh(configuration: settings.configuration, options: settings.corpus, corpus: settings.input, base: nil)
        }
        let inputs = settings.input
        if case let .fresh(configuration, _, _, base) = plan {
            if let kind = configuration.checkpointUnsupported, base != nil || checkpointPath != nil {
                throw UsageError(message: "\(base != nil ? "--continue" : "--checkpoint"): \(SkipGramError.checkpointUnsupported(model: kind))")
            }
            if configuration.subwords == nil && configuration.buckets != TrainingConfiguration().buckets {
                throw UsageError(message: "--buckets needs --subwords MIN-MAX")
            }
        }

        // Refuse outputs over inputs, and unwritable outputs, before hours of work (the
        // corpus files are checked again once resolved, below).
        CommandInputs.note(inputs.paths, role: "the corpus")
        if let resumePath { CommandInputs.note([resumePath], role: "the checkpoint being resumed") }
        if let continuePath = inputs.continuePath { CommandInputs.note([continuePath], role: "the checkpoint being continued") }
        try checkOutputs(output, checkpoint: checkpointPath, vocabulary: inputs.saveVocabulary, model: modelPath, resumed: resumePath)

        let interrupts = InterruptHandler.shared
        interrupts.install()
        let reporter = ProgressPrinter(quiet: quiet)
        let files = try inputFiles(plan)
        CommandInputs.note(files.map(\.path), role: "the corpus")
        try checkOutputs(output, checkpoint: checkpointPath, vocabulary: inputs.saveVocabulary, model: modelPath, resumed: resumePath)
        let idsDirectory = settings.idsOnDisk || corpusIsLarge(files) ? directoryOf(outputPath) : nil
        let (trainer, source) = try prepare(plan, files: files, output: outputPath, idsDirectory: idsDirectory, reporter: reporter)
        if case .resume(let path, _, _) = plan {
            reporter.finish(String(format: "resuming %@: %.1f%% done, epoch %d of %d, alpha %.6f", path,
                                   trainer.fraction * 100, (trainer.states.map(\.epoch).min() ?? 0) + 1,
                                   trainer.configuration.epochs, trainer.alpha))
        }
        let c = trainer.configuration
        let modelText = c.model.rawValue + (c.subwords.map { ", subwords \($0.lowerBound)-\($0.upperBound) in \(c.buckets) buckets" } ?? "")
        reporter.finish("training: \(modelText), \(c.dimension)-d, window \(c.window), \(c.loss == .hierarchicalSoftmax ? "hierarchical softmax" : "\(c.negative) negatives"), sample \(c.sample), alpha \(c.alpha), \(c.epochs) epochs, \(c.threads) thread\(c.threads == 1 ? "" : "s"), batch \(c.update == .batched ? "on" : "off"), seed \(c.seed)")

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
        if summary.completed, summary.pairs == 0 {
            // No pair means no update: the vectors would be the random initial ones.
            throw CommandFailure(message: "no (word, context) pair was trained: subsampling (--sample \(c.sample)) dropped every token or no sentence has two words, so the vectors would be their random initial values; give more text or --sample 0")
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
        if let modelPath {
            try trainer.writeModel(to: modelPath)
            reporter.finish("wrote the model (\(trainer.subwords.map { "\(trainer.vocabulary.count) words + \($0.buckets) n-gram buckets" } ?? "\(trainer.vocabulary.count) words, no subwords")) to \(modelPath) (fastText .bin)")
        }
        return ExitStatus.success
    }

    /// Refuses outputs that are inputs (`CommandInputs`; the checkpoint being resumed may be
    /// rewritten), that are the same file twice, or that cannot be written.
    private static func checkOutputs(_ output: VectorOutputOptions, checkpoint: String?, vocabulary: String?, model: String?,
                                     resumed: String?) throws {
        try output.check()
        if let checkpoint {
            guard !sameFile(checkpoint, output.path) else {
                throw UsageError(message: "--checkpoint and --output must be different files")
            }
            try CommandInputs.refuse(checkpoint, flag: "--checkpoint", allowing: resumed)
            try OutputTarget.check(checkpoint)
        }
        if let vocabulary {
            guard !sameFile(vocabulary, output.path), !(checkpoint.map { sameFile(vocabulary, $0) } ?? false) else {
                throw UsageError(message: "--save-vocab must differ from --output and --checkpoint")
            }
            try checkWritable(vocabulary, flag: "--save-vocab")
        }
        if let model {
            guard !sameFile(model, output.path), !(checkpoint.map { sameFile(model, $0) } ?? false),
                  !(vocabulary.map { sameFile(model, $0) } ?? false) else {
                throw UsageError(message: "--save-model must differ from --output, --checkpoint and --save-vocab")
            }
            try checkWritable(model, flag: "--save-model")
        }
    }

    /// A fresh run or a resumed one.
    enum Plan {
        /// `base`: continue that checkpoint's run on the new corpus (`--continue`).
        case fresh(configuration: TrainingConfiguration, options: CorpusOptions, corpus: InputOptions, base: (path: String, checkpoint: Checkpoint)?)
        case resume(path: String, checkpoint: Checkpoint, corpus: InputOptions?)
    }

    /// The input files as they are now; when resuming, checked against those the checkpoint
    /// recorded (same count, sizes and fingerprints; same modification time for the same path).
    private static func inputFiles(_ plan: Plan) throws -> [SourceFile] {
        switch plan {
        case let .fresh(_, _, corpus, _):
            return try corpus.input.files()
        case let .resume(checkpointPath, checkpoint, corpus):
            let source = checkpoint.header.source
            let recorded = source.files.isEmpty
                ? [SourceFile(path: source.path, byteCount: source.byteCount, modificationTime: 0, fingerprint: 0)]
                : source.files
            if corpus == nil, recorded.contains(where: \.isStandardInput) {
                throw SkipGramError.checkpointMismatch(path: checkpointPath, reason: "its corpus was read from standard input, which cannot be read again: pipe the same text in and name it -, as in 'gunzip -c corpus.gz | w2v train --resume \(checkpointPath) - --output ...' (the encoded ids are not kept between runs, even with --ids-on-disk)")
            }
            let now = try corpus?.input.files() ?? CorpusInput(paths: recorded.map(\.path)).files()
            guard now.count == recorded.count else {
                throw SkipGramError.checkpointMismatch(path: checkpointPath, reason: "it was made from \(recorded.count) input file\(recorded.count == 1 ? "" : "s") but \(now.count) \(now.count == 1 ? "is" : "are") given; give the original corpus unchanged")
            }
            for (old, new) in zip(recorded, now) where !old.isStream && !new.isStream {
                if old.byteCount != new.byteCount {
                    throw SkipGramError.checkpointMismatch(path: checkpointPath, reason: "it was made from a corpus of \(old.byteCount) bytes (\(old.path)), but \(new.path) has \(new.byteCount) bytes; give the original corpus unchanged")
                }
                guard old.fingerprint != 0 || old.modificationTime != 0 else { continue } // version-1 record
                if old.fingerprint != new.fingerprint {
                    throw SkipGramError.checkpointMismatch(path: checkpointPath, reason: "\(new.path) changed since the run started (its contents differ from \(old.path) as recorded); give the original corpus unchanged")
                }
                if old.modificationTime != new.modificationTime && absolutePath(old.path) == absolutePath(new.path) {
                    throw SkipGramError.checkpointMismatch(path: checkpointPath, reason: "\(new.path) was modified since the run started (its modification time changed); give the original corpus unchanged")
                }
            }
            return now
        }
    }

    /// Loads the corpus and builds the trainer (from a checkpoint when resuming).
    private static func prepare(_ plan: Plan, files: [SourceFile], output: String, idsDirectory: String?,
                                reporter: ProgressPrinter) throws -> (Trainer, CorpusSource) {
        InterruptHandler.shared.onInterrupt("interrupted while reading the corpus; nothing was saved", nil)
        let paths = files.map(\.path)
        switch plan {
        case let .fresh(configuration, options, corpus, base):
            let vocabularyFile = try corpus.readVocabulary.map(Vocabulary.readEntries)
            var loaded: LoadedCorpus
            if corpus.phrasePasses > 0 {
                // word2phrase first, into a temporary file next to the output (removed after loading).
                let phrased = (idsDirectory ?? directoryOf(output)) + "/.w2v-phrases.\(getpid()).txt"
                defer { unlink(phrased) }
                var phraseOptions = PhraseOptions()
                phraseOptions.minCount = options.minCount
                phraseOptions.tokenizer = options.tokenizer
                try PhrasesCommand.phrase(CorpusInput(paths: paths), passes: corpus.phrasePasses, options: phraseOptions,
                                          to: phrased, reporter: reporter)
                var plain = options
                plain.tokenizer = TokenizerOptions() // already applied by the phrase passes
                loaded = try load([phrased], options: plain, base: base?.checkpoint.header.vocabulary,
                                  idsDirectory: idsDirectory, reporter: reporter)
                loaded.files = files
            } else {
                loaded = try load(paths, options: options, vocabularyFile: vocabularyFile, base: base?.checkpoint.header.vocabulary,
                                  idsDirectory: idsDirectory, reporter: reporter)
            }
            try corpus.saveVocabularyIfAsked(loaded.vocabulary)
            let source = corpusSource(loaded, options: options)
            if let base {
                return (try Trainer(continuing: base.checkpoint, path: base.path, configuration: configuration,
                                    vocabulary: loaded.vocabulary, corpus: loaded.corpus), source)
            }
            return (try Trainer(configuration: configuration, vocabulary: loaded.vocabulary, corpus: loaded.corpus), source)
        case let .resume(checkpointPath, checkpoint, corpus):
            let recorded = checkpoint.header.source
            let loaded = try load(paths, options: recorded.options, idsDirectory: idsDirectory, reporter: reporter)
            try corpus?.saveVocabularyIfAsked(loaded.vocabulary)
            let trainer = try Trainer(checkpoint: checkpoint, path: checkpointPath, vocabulary: loaded.vocabulary, corpus: loaded.corpus)
            return (trainer, recorded.files.isEmpty ? corpusSource(loaded, options: recorded.options) : recorded)
        }
    }

    /// What a checkpoint records about the corpus: every file with an absolute path.
    private static func corpusSource(_ loaded: LoadedCorpus, options: CorpusOptions) -> CorpusSource {
        var files = loaded.files
        for i in files.indices where !files[i].isStandardInput { files[i].path = absolutePath(files[i].path) }
        return CorpusSource(path: files.count == 1 ? files[0].path : "\(files.count) files",
                            byteCount: files.reduce(0) { $0 + $1.byteCount }, options: options, files: files)
    }

    /// Reads the corpus: counting it, or against a vocabulary file, or merged with an
    /// earlier run's vocabulary (`base`).
    private static func load(_ paths: [String], options: CorpusOptions, vocabularyFile: [(word: String, count: Int)]? = nil,
                             base: Vocabulary? = nil, idsDirectory: String?, reporter: ProgressPrinter) throws -> LoadedCorpus {
        var options = options
        options.idsDirectory = idsDirectory
        let name = paths.count == 1 ? SourceFile.displayName(paths[0]) : "\(paths.count) files"
        let progress: @Sendable (Int, Int) -> Void = { read, total in
            if total > 0 {
                reporter.update(String(format: "reading %@: %.0f%% of %.1f MB", name, Double(read) / Double(total) * 100, Double(total) / 1e6))
            } else {
                reporter.update(String(format: "reading %@: %.1f MB", name, Double(read) / 1e6))
            }
        }
        let input = CorpusInput(paths: paths)
        let loaded: LoadedCorpus
        if let vocabularyFile {
            loaded = try CorpusLoader.load(input: input, vocabulary: vocabularyFile, options: options, progress: progress)
        } else if let base {
            loaded = try CorpusLoader.load(input: input, continuing: base, options: options, progress: progress)
        } else {
            loaded = try CorpusLoader.load(input: input, options: options, progress: progress)
        }
        reporter.finish(loaded.statistics.summary + (loaded.corpus.isMemoryMapped ? "; ids memory-mapped from a temporary file in \(options.idsDirectory ?? ".")" : ""))
        return loaded
    }

    /// True when the corpus is larger than a quarter of physical memory (its ids take about
    /// 2/3 of the text's size; a gzip file is counted at 3 times its size): the ids then go
    /// to disk, next to the output.
    private static func corpusIsLarge(_ files: [SourceFile]) -> Bool {
        let size = files.reduce(0) { $0 + $1.byteCount * ($1.isGzip ? 3 : 1) }
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

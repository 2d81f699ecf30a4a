import Foundation
import Corpus
import Embeddings
import SkipGram

/// `w2v train`: corpus in, vectors out.
enum TrainCommand: Command {
    static let name = "train"
    static let summary = "train skip-gram negative-sampling vectors from a text file"
    static let help = """
    usage: w2v train CORPUS --output VECTORS [options]

    Trains skip-gram with negative sampling (word2vec.c's algorithm) on CORPUS, a text file of
    whitespace-separated tokens (each line a sentence), and writes the vectors in word2vec format.

    Output:
      --output PATH          where to write the vectors (required); written atomically
      --binary               word2vec binary format instead of text
      --vectors input|input+output
                             export W (default, as word2vec.c) or W + C

    Corpus:
      --min-count N          drop words seen fewer than N times (default 5)
      --max-vocab N          keep only the N most frequent words
      --lowercase            lowercase tokens (Unicode-aware)
      --strip-punctuation    remove punctuation characters from tokens

    Training (word2vec.c flag in brackets):
      --dim N                vector size (default 100) [-size]
      --window N             maximum context radius, sampled uniformly in 1...N (default 5) [-window]
      --negative N           negative samples per pair (default 5) [-negative]
      --sample T             subsampling threshold, 0 disables (default 1e-3) [-sample]
      --alpha A              starting learning rate (default 0.025) [-alpha]
      --epochs N             passes over the corpus (default 5) [-iter]
      --threads N            worker threads (default: all cores) [-threads]
      --seed S               random seed (default 1); with --threads 1 runs are reproducible
      --batch on|off         on: pWord2Vec's batched update (default); off: word2vec.c's per-pair order

    Reporting:
      --quiet                no progress or summary on stderr

    Exit status: 0 success, 1 bad input or failed output, 2 invalid command line.
    """

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        var configuration = TrainingConfiguration()
        guard let outputPath = try arguments.option("--output", aliases: ["-o"]) else {
            _ = try? arguments.finish(positionals: 0...Int.max, names: "")
            throw UsageError(message: "--output is required")
        }
        let binary = arguments.flag("--binary")
        let choiceText = try arguments.option("--vectors") ?? "input"
        guard let choice = VectorChoice(rawValue: choiceText) else {
            throw UsageError(message: "--vectors must be input or input+output, got '\(choiceText)'")
        }
        var corpusOptions = CorpusOptions()
        corpusOptions.minCount = try arguments.int("--min-count", default: 5, range: 1...Int.max)
        if let maxVocab = try arguments.option("--max-vocab") {
            guard let n = Int(maxVocab), n > 0 else { throw UsageError(message: "--max-vocab expects a positive whole number, got '\(maxVocab)'") }
            corpusOptions.maxVocabulary = n
        }
        corpusOptions.tokenizer.lowercase = arguments.flag("--lowercase")
        corpusOptions.tokenizer.stripPunctuation = arguments.flag("--strip-punctuation")
        corpusOptions.tokenizer.splitPunctuation = arguments.flag("--split-punctuation")
        configuration.dimension = try arguments.int("--dim", aliases: ["--size"], default: 100, range: 1...10_000)
        configuration.window = try arguments.int("--window", default: 5, range: 1...1_000)
        configuration.negative = try arguments.int("--negative", default: 5, range: 1...1_000)
        configuration.sample = try arguments.double("--sample", default: 1e-3, range: 0...1)
        configuration.alpha = try arguments.double("--alpha", default: 0.025, range: 1e-9...9.99)
        configuration.epochs = try arguments.int("--epochs", aliases: ["--iter"], default: 5, range: 1...100_000)
        configuration.threads = try arguments.int("--threads", default: TrainingConfiguration.defaultThreads, range: 1...1_024)
        let seed = try arguments.int("--seed", default: 1, range: 0...Int.max)
        configuration.seed = UInt64(seed)
        let batch = try arguments.option("--batch") ?? "on"
        switch batch {
        case "on": configuration.update = .batched
        case "off": configuration.update = .perPair
        default: throw UsageError(message: "--batch must be on or off, got '\(batch)'")
        }
        let quiet = arguments.flag("--quiet", aliases: ["-q"])
        let corpusPath = try arguments.finish(positionals: 1...1, names: "CORPUS")[0]
        try configuration.validate()

        let reporter = ProgressPrinter(quiet: quiet)
        let loaded = try CorpusLoader.load(path: corpusPath, options: corpusOptions) { read, total in
            reporter.update(String(format: "reading %@: %.0f%% of %.1f MB", corpusPath, Double(read) / Double(max(total, 1)) * 100, Double(total) / 1e6))
        }
        reporter.finish(loaded.statistics.summary)
        let trainer = try Trainer(configuration: configuration, vocabulary: loaded.vocabulary, corpus: loaded.corpus)
        reporter.finish("training: \(configuration.dimension)-d, window \(configuration.window), \(configuration.negative) negatives, sample \(configuration.sample), alpha \(configuration.alpha), \(configuration.epochs) epochs, \(configuration.threads) thread\(configuration.threads == 1 ? "" : "s"), batch \(batch), seed \(seed)")
        let summary = try trainer.train { reporter.update($0.line) }
        reporter.finish(String(format: "trained %d words in %.1f s: %.0fk words/s, mean loss %.4f, final loss %.4f",
                               summary.wordsProcessed, summary.elapsed, summary.wordsPerSecond / 1000,
                               summary.meanLoss, summary.finalLoss))
        let embeddings = trainer.embeddings(choice)
        try Word2VecWriter.write(embeddings, to: outputPath, binary: binary)
        reporter.finish("wrote \(embeddings.count) x \(embeddings.dimension) \(choice.rawValue) vectors to \(outputPath) (\(binary ? "binary" : "text"))")
        return ExitStatus.success
    }
}

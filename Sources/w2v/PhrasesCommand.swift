import Foundation
import Corpus
import Embeddings

/// `w2v phrases`: word2vec.c's word2phrase (and gensim's npmi scoring) over any corpus input.
enum PhrasesCommand: Command {
    static let name = "phrases"
    static let summary = "join frequent word pairs into phrases (new york -> new_york), as word2phrase"
    static let help = """
    usage: w2v phrases CORPUS... --output PHRASED [options]

    Rewrites CORPUS with frequent bigrams joined by '_' (word2vec.c's word2phrase): a pair
    a b on one line is joined when score(a, b) > threshold. Each pass reads the text twice
    (counting, then rewriting); a second pass over the output joins longer phrases.

      CORPUS...              text files, .gz files, directories (--recursive); not - (read twice)
      --output PATH          the phrased text (required); written atomically
      --min-count N          words (word2vec scoring) or bigrams (npmi) seen fewer times are
                             never joined (default 5)
      --threshold T          join above this score (default 100 for word2vec, 0.5 for npmi)
      --delta D              discount on the bigram count (word2vec scoring; default: min-count)
      --passes N             passes, each over the previous one's output (default 2)
      --scoring word2vec|npmi
                             word2vec: (count(ab) - delta) / (count(a) count(b)) x total words;
                             npmi: gensim's normalised PMI, ln(p(ab)/(p(a)p(b))) / -ln(p(ab))
      --max-memory SIZE      bound the memory for the counts (e.g. 2G): rare entries are pruned
                             as word2phrase's ReduceVocab does, and counts become approximate
      --top N                list the N best-scoring phrases of each pass on stdout (default 20)
      --recursive            also read the files in subdirectories of a directory
      --quiet                no progress or summary on stderr

    Exit status: 0 success, 1 bad input or failed output, 2 invalid command line.
    """

    /// The phrase options and pass count from the command line (shared with `train --phrases`).
    static func parseOptions(_ arguments: inout Arguments) throws -> (PhraseOptions, passes: Int, top: Int) {
        var options = PhraseOptions()
        options.minCount = try arguments.int("--min-count", default: 5, range: 1...Int.max)
        let scoring = try arguments.option("--scoring") ?? "word2vec"
        guard let kind = PhraseScoring(rawValue: scoring) else {
            throw UsageError(message: "--scoring must be word2vec or npmi, got '\(scoring)'")
        }
        options.scoring = kind
        options.threshold = try arguments.double("--threshold", default: kind == .npmi ? 0.5 : 100,
                                                 range: kind == .npmi ? -1...1 : -Double.greatestFiniteMagnitude...Double.greatestFiniteMagnitude)
        if let delta = try arguments.option("--delta") {
            guard let value = Double(delta), value.isFinite, value >= 0 else {
                throw UsageError(message: "--delta expects a number >= 0, got '\(delta)'")
            }
            options.delta = value
        }
        if let memory = try arguments.option("--max-memory") {
            guard let bytes = TrainCommand.parseSize(memory), bytes >= 1 << 20 else {
                throw UsageError(message: "--max-memory expects a size of at least 1M such as 500M or 2G, got '\(memory)'")
            }
            options.maxEntries = CorpusOptions.maxVocabularyEntries(memory: bytes)
        }
        let passes = try arguments.int("--passes", default: 2, range: 1...10)
        let top = try arguments.int("--top", default: 20, range: 0...100_000)
        return (options, passes, top)
    }

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        guard let outputPath = try arguments.option("--output", aliases: ["-o"]) else {
            _ = try? arguments.finish(positionals: 0...Int.max, names: "")
            throw UsageError(message: "--output is required")
        }
        let quiet = arguments.flag("--quiet", aliases: ["-q"])
        let recursive = arguments.flag("--recursive", aliases: ["-r"])
        let (options, passes, top) = try parseOptions(&arguments)
        let paths = try arguments.finish(positionals: 1...Int.max, names: "CORPUS")
        if paths.contains(SourceFile.standardInput) {
            throw UsageError(message: "phrases read the corpus twice, so - (standard input) cannot be used; save the text to a file first")
        }
        let files = try CorpusInput(paths: paths, recursive: recursive).files()
        CommandInputs.note(files.map(\.path), role: "the corpus")
        try checkWritable(outputPath)
        let reporter = ProgressPrinter(quiet: quiet)
        try phrase(CorpusInput(paths: paths, recursive: recursive), passes: passes, options: options, to: outputPath,
                   reporter: reporter) { pass, statistics in
            guard top > 0 else { return }
            print("pass \(pass): top \(min(top, statistics.top.count)) phrases by score")
            for (rank, p) in statistics.top.prefix(top).enumerated() {
                print(String(format: "%4d. %@  %.2f  (%d times)", rank + 1, p.phrase, p.score, p.count))
            }
        }
        return ExitStatus.success
    }

    /// Runs `passes` phrase passes over `input` and writes the result to `output`
    /// atomically; intermediate passes go to temporary files next to `output`, removed at
    /// the end. `report` sees each pass's statistics.
    static func phrase(_ input: CorpusInput, passes: Int, options: PhraseOptions, to output: String,
                       reporter: ProgressPrinter, report: (Int, PhraseStatistics) -> Void = { _, _ in }) throws {
        var current = input
        var temporaries: [String] = []
        defer { for path in temporaries { unlink(path) } }
        for pass in 1...passes {
            let target = pass == passes ? output : output + ".pass\(pass).\(getpid()).tmp"
            if pass < passes { temporaries.append(target) }
            let file = try AtomicFileWriter(path: target) // discarded on error by its deinit
            let statistics = try Phrases.rewrite(input: current, options: options, progress: { step, read, total in
                reporter.update(String(format: "phrases pass %d, %@: %.0f%%", pass, step == 1 ? "counting" : "joining",
                                       Double(read) / Double(max(total, 1)) * 100))
            }) { bytes in try file.write(raw: bytes) }
            try file.commit()
            reporter.finish("phrases pass \(pass): \(CorpusStatistics.grouped(statistics.tokens)) tokens, "
                + "\(CorpusStatistics.grouped(statistics.unigrams)) distinct words, \(CorpusStatistics.grouped(statistics.bigrams)) distinct pairs; "
                + "joined \(CorpusStatistics.grouped(statistics.joined)) pairs (\(CorpusStatistics.grouped(statistics.distinctJoined)) distinct phrases); "
                + CorpusStatistics.repairs(invalidUTF8Replacements: statistics.invalidUTF8Replacements, truncatedTokens: statistics.truncatedTokens)
                + (statistics.countsApproximate ? "; counting pruned rare entries to bound memory, so the counts are approximate" : ""))
            report(pass, statistics)
            current = CorpusInput(paths: [target])
        }
    }
}

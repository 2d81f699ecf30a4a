import Foundation
import Embeddings
import Recurrent

/// `w2v tag train|eval|predict`: the bidirectional recurrent sequence tagger.
enum TagCommand: CommandWithSubcommands {
    static let name = "tag"
    static let summary = "train, evaluate and run a bidirectional GRU/LSTM part-of-speech (sequence) tagger"
    static let notes = """
    Data: CoNLL-style 'token<TAB>tag' lines (other columns allowed), a blank line between
    sentences; or CoNLL-U (FORM and UPOS columns; '#' comments, multi-word '1-2' and empty-node
    '1.1' lines skipped); see --format and --columns. Sentences longer than \(maxSentenceLength) tokens are refused.
    """

    static let maxSentenceLength = 512

    static let subcommands = [
        Subcommand("train", summary: "train a tagger on tagged sentences and word vectors", about: """
            Each token's input: its word vector (exact form, else lowercased, else a learned unknown
            vector), learned vectors of its last 1, 2 and 3 characters (hashed), and 9 indicators
            (case pattern, digit, number, hyphen, punctuation) that a lowercased vocabulary lacks.
            """, options: Train.options, run: train),
        Subcommand("eval", "MODEL", summary: "score a tagger on --data", about: """
            Prints the token accuracy, the accuracy on tokens unseen in training (OOV) and on seen
            ones, the sentence accuracy, per-tag precision/recall/F1 and the most frequent confusions.
            """, options: Eval.options, run: evaluate),
        Subcommand("predict", "MODEL", summary: "tag stdin, printing 'token<TAB>tag' lines (a blank line after each sentence)",
                   options: Predict.options, run: predict),
    ]

    /// `--format` and `--columns`, read into the data options of train and eval.
    static func dataFormat<S>(_ keyPath: any WritableKeyPath<S, TaggedDataOptions> & Sendable) -> [Option<S>] {
        let options: [Option<TaggedDataOptions>] = [
            .choice(RecurrentOptions.dataSection, "--format", help: "the data's format; auto decides by content",
                    [("auto", .auto), ("conll", .conll), ("conllu", .conllu)], \.format),
            Option(section: RecurrentOptions.dataSection, name: "--columns", placeholder: "T,G",
                   help: "1-based token and tag columns", defaultText: "1,2; CoNLL-U 2,4") { arguments, options in
                guard let text = try arguments.option("--columns") else { return }
                let parts = text.split(separator: ",").map { Int($0) }
                guard parts.count == 2, let token = parts[0], let tag = parts[1], token >= 1, tag >= 1, token != tag else {
                    throw UsageError(message: "--columns expects two different 1-based column numbers 'T,G', got '\(text)'")
                }
                options.columns = (token, tag)
            },
        ]
        return options.map { $0.on(keyPath) }
    }

    struct Train: OptionSettings {
        var vectors = RecurrentOptions.Vectors()
        var data: String?
        var dev: String?
        var output: String?
        var format = TaggedDataOptions.tagger
        var cell = CellKind.gru
        var unidirectional = false
        var layers = 1
        var hidden = 100
        var suffixDimension = 10
        var dropout = 0.25
        var wordDropout = 0.05
        var epochs = 10
        var patience = 3
        var batch = 16
        var learningRate = 0.002
        var clip = 5.0
        var run = RecurrentOptions.Run()

        typealias R = RecurrentOptions
        static let options: [Option<Train>] = R.vectorsInput.map { $0.on(\.vectors) } + [
            R.data(\.data, help: "training data"),
            R.dev(\.dev, help: "development data: early stopping keeps the best epoch",
                  required: "--dev is required (early stopping keeps the best epoch on it)"),
            R.output(\.output),
        ] + dataFormat(\.format) + [
            R.cell(\.cell),
            .flag(R.modelSection, "--unidirectional", help: "read left to right only (default: bidirectional)", \.unidirectional),
            R.layers(\.layers),
            R.hidden(\.hidden, range: 1...4096),
            .int(R.modelSection, "--suffix-dim", help: "width of each suffix vector, 0 disables", range: 0...1024, \.suffixDimension),
            R.dropout(\.dropout, help: "dropout on inputs and on recurrent outputs"),
            .double(R.trainingSection, "--word-dropout", "P", help: """
                chance a training token's word vector is replaced by the unknown
                one, so unseen words are learned from spelling
                """, range: 0...0.95, \.wordDropout),
            R.epochs(\.epochs),
            R.patience(\.patience, measure: "dev accuracy"),
            R.batch(\.batch),
            R.learningRate(\.learningRate, help: "Adam learning rate", range: 1e-9...10),
            R.clip(\.clip),
        ] + R.run(\.run, threads: "threads a batch is spread over", seed: "seed of initialisation, shuffling and dropout")
    }

    static func train(_ s: Train, _: [String]) throws -> Int32 {
        let (vectorsPath, dataPath, devPath, output) = (s.vectors.path!, s.data!, s.dev!, s.output!)
        let (quiet, randomInit, freeze) = (s.run.quiet, s.vectors.randomInit, s.vectors.freeze)
        var options = TaggerTrainingOptions()
        options.dropout = s.dropout
        options.wordDropout = s.wordDropout
        options.epochs = s.epochs
        options.patience = s.patience
        options.batchSize = s.batch
        options.learningRate = s.learningRate
        options.clip = s.clip
        options.seed = UInt64(s.run.seed)
        options.workers = s.run.threads
        try RecurrentOptions.checkOutput(output, inputs: [vectorsPath, dataPath, devPath]) { "--output must not be an input file (\($0))" }

        let start = Date()
        let trainData = try TaggedData.read(path: dataPath, options: s.format)
        let devData = try TaggedData.read(path: devPath, options: s.format)
        let tags = try SequenceTagger.tags(of: trainData)
        // From a .bin, the train and dev tokens the tagger's lookup (exact form, else lowercase)
        // would not find get composed rows (of the exact form) instead of the unknown row.
        let loaded = try VectorsInput(limit: s.vectors.limit, quiet: quiet).load(vectorsPath) { vectors in
            VectorsInput.lacking((trainData + devData).lazy.flatMap(\.tokens)) { vectors.row(of: $0) != nil || vectors.row(of: $0.lowercased()) != nil }
        }
        let vectors = loaded.embeddings
        var trainingWords = Set<String>()
        for s in trainData { trainingWords.formUnion(s.tokens) }
        var tagger = SequenceTagger(vectors: vectors, tags: tags, trainingWords: trainingWords, cell: s.cell, bidirectional: !s.unidirectional,
                                    layers: s.layers, hidden: s.hidden, suffixDimension: s.suffixDimension,
                                    initialisation: randomInit ? .random : .pretrained, seed: options.seed)
        if freeze { options.frozenRows = 1 ..< tagger.network.vocabularySize }
        let train = try tagger.encode(trainData), dev = try tagger.encode(devData)
        let trainTokens = train.reduce(0) { $0 + $1.tags.count }, devTokens = dev.reduce(0) { $0 + $1.tags.count }
        let coverage = tagger.coverage(trainData)
        let c = tagger.network.configuration
        if !quiet {
            printError("vectors: \(vectors.count) words x \(vectors.dimension) from \(vectorsPath)\(loaded.composedNote)\(randomInit ? " (replaced by random vectors of the same size)" : "")")
            printError("data: \(train.count) sentences / \(trainTokens) tokens train, \(dev.count) / \(devTokens) dev; \(tags.count) tags; "
                       + "\(percent(Double(coverage.known) / Double(max(coverage.tokens, 1)))) of training tokens have a vector")
            printError("model: \(c.bidirectional ? "bidirectional " : "")\(c.cell), \(c.layers) layer(s) x \(c.hidden) hidden, input \(c.inputWidth) "
                       + "(word \(c.wordDimension) + suffixes 3x\(c.suffixDimension) + 9 flags), \(tagger.network.parameters.count) parameters + "
                       + "\(tagger.network.embeddings.count) word-vector values (\(freeze ? "frozen" : "fine-tuned")); \(options.workers) threads")
        }
        let progress = ProgressPrinter(quiet: quiet)
        let result = TaggerTrainer.train(&tagger.network, train: train, dev: dev, options: options, batchProgress: { r in
            progress.update(String(format: "epoch %d  %5.1f%%  %.0f tokens/s  loss %.4f  ETA %@", r.epoch, 100 * r.fraction,
                                   r.unitsPerSecond, r.meanLoss, ProgressPrinter.duration(r.secondsLeft)))
        }, progress: { r in
            progress.finish(String(format: "epoch %2d  loss %.4f  train acc %.4f  dev acc %.4f  %6.0f tokens/s  %5.1f s%@",
                                   r.epoch, r.loss, r.trainAccuracy, r.devAccuracy, r.tokensPerSecond, r.seconds, r.isBest ? "  *" : ""))
        })
        let provenance = ["vectors": vectorsPath, "data": dataPath, "dev": devPath, "seed": String(options.seed),
                          "best_epoch": String(result.bestEpoch), "dev_accuracy": fixed(result.bestDevAccuracy),
                          "random_init": String(randomInit), "frozen": String(freeze)]
        try TaggerFile.write(tagger, provenance: provenance, to: output)
        print("best epoch \(result.bestEpoch): dev token accuracy \(fixed(result.bestDevAccuracy))")
        print("trained \(result.reports.count) epochs in \(String(format: "%.1f", result.trainingSeconds)) s "
              + "(\(Int(Double(result.trainedTokens) / max(result.trainingSeconds, 1e-9))) tokens/s, \(options.workers) threads); "
              + "wrote \(output) in \(String(format: "%.1f", Date().timeIntervalSince(start))) s total")
        return ExitStatus.success
    }

    /// `--vectors` of eval and predict.
    static let addedVectorsHelp = """
        vectors to take the words the model has no row for from,
        in the space it was trained in (the fastText .bin given to
        tag train composes words never seen from their n-grams)
        """

    /// `tagger`, with the words of `tokens` it lacks added from the vectors at `path` (nil:
    /// unchanged); the count goes to stderr.
    static func adding(_ tokens: some Sequence<String>, to tagger: SequenceTagger, vectors path: String?) throws -> SequenceTagger {
        guard let path else { return tagger }
        let wanted = VectorsInput.lacking(tokens) { tagger.row($0) != 0 }
        let loaded = try VectorsInput(quiet: true).load(path) { vectors in wanted.filter { vectors.row(of: $0) == nil } }
        let (extended, added) = try tagger.adding(wanted, from: loaded.embeddings, path: path)
        printError("vectors: \(added) of the \(wanted.count) words the model lacks added from \(path)\(loaded.composedNote)")
        return extended
    }

    struct Eval: OptionSettings {
        var data: String?
        var vectors: String?
        var format = TaggedDataOptions.tagger
        var json = false
        var confusions = 10
        var threads = ProcessInfo.processInfo.activeProcessorCount

        typealias R = RecurrentOptions
        static let options: [Option<Eval>] = [R.data(\.data, help: "tagged data to score")] + dataFormat(\.format) + [
            R.vectors(\.vectors, help: TagCommand.addedVectorsHelp, required: false),
            R.json(\.json, help: "print the results as one JSON object"),
            .int(R.optionsSection, "--confusions", help: "list the N most frequent confusions", range: 0...100_000, \.confusions),
            R.threads(\.threads, help: "threads the sentences are spread over", section: R.optionsSection),
        ]
    }

    static func evaluate(_ s: Eval, _ positionals: [String]) throws -> Int32 {
        let (json, top, workers) = (s.json, s.confusions, s.threads)
        let (read, _) = try TaggerFile.read(positionals[0])
        let data = try TaggedData.read(path: s.data!, options: s.format)
        let tagger = try adding(data.lazy.flatMap(\.tokens), to: read, vectors: s.vectors)
        let start = Date()
        let examples = try tagger.encode(data)
        let encoded = Date()
        let e = tagger.evaluate(data, encoded: examples, workers: workers)
        let seconds = Date().timeIntervalSince(start), taggingSeconds = Date().timeIntervalSince(encoded)
        let m = e.confusion
        let confusions = e.confusions(limit: top)
        if json {
            var perTag: [String: Any] = [:]
            for (i, tag) in m.labels.enumerated() {
                perTag[tag] = ["precision": m.precision(i), "recall": m.recall(i), "f1": m.f1(i), "support": m.confusion[i].reduce(0, +)]
            }
            let object: [String: Any] = [
                "tokens": e.tokens, "accuracy": e.accuracy, "oov_tokens": e.unseenTokens, "oov_accuracy": e.unseenAccuracy,
                "seen_accuracy": e.seenAccuracy, "sentences": e.sentences, "sentence_accuracy": e.sentenceAccuracy,
                "macro_f1": m.macroF1, "tags": perTag, "tokens_per_second": Double(e.tokens) / max(seconds, 1e-9),
                "tagging_tokens_per_second": Double(e.tokens) / max(taggingSeconds, 1e-9),
                "confusions": confusions.map { ["actual": $0.actual, "predicted": $0.predicted, "count": $0.count] as [String: Any] },
            ]
            let bytes = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
            print(String(decoding: bytes, as: UTF8.self))
            return ExitStatus.success
        }
        print("tokens \(e.tokens)  accuracy \(fixed(e.accuracy))  (\(Int(Double(e.tokens) / max(seconds, 1e-9))) tokens/s; "
              + "\(Int(Double(e.tokens) / max(taggingSeconds, 1e-9))) without feature extraction)")
        print("unseen in training (OOV) \(e.unseenTokens) tokens (\(percent(Double(e.unseenTokens) / Double(max(e.tokens, 1)))))  "
              + "accuracy \(fixed(e.unseenAccuracy));  seen \(e.tokens - e.unseenTokens)  accuracy \(fixed(e.seenAccuracy))")
        print("sentences \(e.sentences)  all tokens right \(fixed(e.sentenceAccuracy))  macro-F1 \(fixed(m.macroF1))")
        let width = max(6, (m.labels.map(\.count).max() ?? 0) + 2)
        print("tag".padding(toLength: width, withPad: " ", startingAt: 0) + "precision  recall     F1         support")
        for (i, tag) in m.labels.enumerated() {
            print(tag.padding(toLength: width, withPad: " ", startingAt: 0)
                  + [m.precision(i), m.recall(i), m.f1(i)].map { fixed($0).padding(toLength: 11, withPad: " ", startingAt: 0) }.joined()
                  + String(m.confusion[i].reduce(0, +)))
        }
        if !confusions.isEmpty {
            print("most frequent confusions (gold -> predicted: tokens)")
            for c in confusions { print("  \(c.actual) -> \(c.predicted): \(c.count)") }
        }
        return ExitStatus.success
    }

    struct Predict: OptionSettings {
        var threads = ProcessInfo.processInfo.activeProcessorCount
        var tokenPerLine: Bool? = nil
        var vectors: String?

        static let options: [Option<Predict>] = [
            RecurrentOptions.vectors(\.vectors, help: TagCommand.addedVectorsHelp, required: false),
            .choice(RecurrentOptions.optionsSection, "--input", help: """
                lines: one sentence per line (tokens split at spaces); tokens: one
                token per line (first TAB column), blank lines between sentences;
                auto decides by content
                """, [("auto", nil), ("lines", false), ("tokens", true)], \.tokenPerLine),
            RecurrentOptions.threads(\.threads, help: "threads the sentences are spread over", section: RecurrentOptions.optionsSection),
        ]
    }

    static func predict(_ s: Predict, _ positionals: [String]) throws -> Int32 {
        let (workers, tokenPerLine) = (s.threads, s.tokenPerLine)
        let (read, _) = try TaggerFile.read(positionals[0])
        let input = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        let sentences = try TaggedData.untagged(input, path: "-", tokenPerLine: tokenPerLine, maxSentenceLength: maxSentenceLength)
        let tagger = try adding(sentences.lazy.flatMap(\.tokens), to: read, vectors: s.vectors)
        let tagged = tagger.predict(sentences.map(\.tokens), workers: workers)
        var out = ""
        for (s, tags) in zip(sentences, tagged) {
            for (token, tag) in zip(s.tokens, tags) { out += token + "\t" + tag + "\n" }
            out += "\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
        return ExitStatus.success
    }

}

extension TaggedDataOptions: OptionSettings {
    /// The data options of `tag`: sentences longer than `TagCommand.maxSentenceLength` refused.
    static var tagger: TaggedDataOptions {
        var options = TaggedDataOptions()
        options.maxSentenceLength = TagCommand.maxSentenceLength
        return options
    }
}

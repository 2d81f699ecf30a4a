import Foundation
import Embeddings
import Recurrent

/// `w2v lm train|eval|score|generate`: the word-level recurrent language model.
enum LanguageModelCommand: CommandWithSubcommands {
    static let name = "lm"
    static let summary = "train, evaluate, score with and sample from a GRU/LSTM language model"
    static let notes = """
    Data: one sentence per line, tokens separated by spaces (tokenise beforehand); '</s>' ends
    every line. The vocabulary is the training file's tokens plus '</s>' and '<unk>' ('<unk>' is
    added when the training data lacks it); other tokens of dev/test/scored text become '<unk>'
    and are counted as out-of-vocabulary.
    """

    static let subcommands = [
        Subcommand("train", summary: "train a language model; the best dev epoch is kept", about: """
            The defaults are those of PyTorch's word_language_model example.
            """, options: Train.options, run: train),
        Subcommand("eval", "MODEL", summary: "perplexity of the model on --data", about: """
            Prints the perplexity, the cross-entropy in bits per token, the tokens and the
            out-of-vocabulary rate.
            """, options: Eval.options, run: evaluate),
        Subcommand("score", "MODEL", summary: "score each line of stdin (one sentence per line)", about: """
            Prints for each line its log-probability (natural log, '</s>' included), the per-token
            average and the perplexity.
            """, options: Score.options, run: score),
        Subcommand("generate", "MODEL", summary: "sample text from the model (the same seed gives the same text)",
                   options: Generate.options, run: generate),
    ]

    /// `--bptt N` of train and eval.
    static func bptt<S>(_ keyPath: any WritableKeyPath<S, Int> & Sendable, section: String) -> Option<S> {
        .int(section, "--bptt", help: "steps of truncated back-propagation", range: 1...100_000, keyPath)
    }

    struct Train: OptionSettings {
        var data: String?
        var dev: String?
        var output: String?
        var vectors: String?
        var freeze = false
        var dimension: Int?
        var cell = CellKind.gru
        var layers = 1
        var hidden = 256
        var tie = false
        var dropout = 0.3
        var bptt = 35
        var batch = 32
        var epochs = 6
        var patience = 0
        var sgd = false
        var learningRate = 0.002
        var clip = 5.0
        var run = RecurrentOptions.Run()

        typealias R = RecurrentOptions
        static let options: [Option<Train>] = [
            R.data(\.data, help: "training text"),
            R.dev(\.dev, help: "development text, perplexity after each epoch"),
            R.output(\.output),
            R.vectors(\.vectors, help: """
                initialise the embedding from word2vec text/binary vectors or a
                fastText .bin, which composes words it lacks from their n-grams
                (rows of words still missing stay random; their number is printed)
                """, required: false),
            .flag(R.vectorsSection, "--freeze", help: "keep the embedding fixed (needs --vectors; not with --tie)", \.freeze),
            .int(R.modelSection, "--dim", help: "embedding width; with --vectors, the width they must have", range: 1...8192,
                 \.dimension, defaultText: "100"),
            R.cell(\.cell),
            R.layers(\.layers),
            R.hidden(\.hidden, help: "hidden units", range: 1...8192),
            .flag(R.modelSection, "--tie", help: "decoder weights = embedding (needs --hidden equal to the dimension)", \.tie),
            R.dropout(\.dropout, help: "dropout on the embedding output, between layers and on the output"),
            LanguageModelCommand.bptt(\.bptt, section: R.trainingSection),
            R.batch(\.batch, help: "parallel streams", range: 1...100_000),
            R.epochs(\.epochs, help: "epochs"),
            R.patience(\.patience, measure: "dev perplexity"),
            R.optimizer(\.sgd, help: "Adam or plain SGD", learningRate: \.learningRate, rates: (0.002, 20)),
            R.learningRate(\.learningRate, range: 1e-9...1000, rates: (0.002, 20)),
            R.clip(\.clip),
        ] + R.run(\.run, threads: "threads of the matrix products", seed: "seed of initialisation and dropout")
    }

    static func train(_ s: Train, _: [String]) throws -> Int32 {
        let (dataPath, devPath, output, vectorsPath) = (s.data!, s.dev!, s.output!, s.vectors)
        let (freeze, tie, cell, layers, hidden, quiet) = (s.freeze, s.tie, s.cell, s.layers, s.hidden, s.run.quiet)
        var o = LanguageModelTrainingOptions()
        o.dropout = s.dropout
        o.bptt = s.bptt
        o.batch = s.batch
        o.epochs = s.epochs
        o.patience = s.patience
        o.optimizer = s.sgd ? .sgd : .adam
        o.learningRate = s.learningRate
        o.clip = s.clip
        o.seed = UInt64(s.run.seed)
        o.threads = s.run.threads
        o.freezeEmbedding = freeze
        if freeze && vectorsPath == nil { throw UsageError(message: "--freeze needs --vectors (a frozen random embedding learns nothing)") }
        if freeze && tie { throw UsageError(message: "--freeze and --tie exclude each other (tied weights are the decoder, which must learn)") }
        try RecurrentOptions.checkOutput(output, inputs: [dataPath, devPath] + (vectorsPath.map { [$0] } ?? [])) { _ in
            "--output \(output) is also an input; choose another file"
        }
        var dimension = s.dimension ?? 100

        let start = Date()
        let vocabulary = try LanguageModelVocabulary(trainingFile: dataPath)
        let (trainIDs, _) = try vocabulary.encode(file: dataPath)
        let (devIDs, devOOV) = try vocabulary.encode(file: devPath)
        guard trainIDs.count / o.batch >= 2 else {
            throw RecurrentError.noTokens(path: dataPath + " (\(trainIDs.count) tokens: too few for \(o.batch) streams; lower --batch)")
        }
        // From a .bin, the vocabulary's words without a row are composed (</s> and <unk> have
        // no spelling to compose from: they stay random).
        let loaded = try vectorsPath.map { path in
            try VectorsInput(quiet: quiet).load(path) { vectors in
                let special: Set = [LanguageModelVocabulary.endOfSentence, LanguageModelVocabulary.unknown]
                return VectorsInput.lacking(vocabulary.words) { special.contains($0) || vectors.row(of: $0) != nil }
            }
        }
        let vectors = loaded?.embeddings
        if let vectors {
            if s.dimension != nil && vectors.dimension != dimension {
                throw RecurrentError.dimensionMismatch(path: vectorsPath!, expected: dimension, found: vectors.dimension)
            }
            dimension = vectors.dimension
        }
        if tie && hidden != dimension {
            throw UsageError(message: "--tie needs --hidden equal to the embedding dimension (\(dimension)), got \(hidden)")
        }
        let c = LanguageModelConfiguration(cell: cell, vocabularySize: vocabulary.count, dimension: dimension, hidden: hidden,
                                           layers: layers, tied: tie)
        var model = LanguageModel<Float>(configuration: c, seed: o.seed)
        var missing = 0
        if let vectors {
            for (id, word) in vocabulary.words.enumerated() {
                if let v = vectors.vector(word) {
                    for (k, x) in v.enumerated() { model.parameters[model.layout.embedding + id * dimension + k] = x }
                } else {
                    missing += 1
                }
            }
        }
        if !quiet {
            printError("data: \(trainIDs.count) training tokens (\(o.batch) streams of \(trainIDs.count / o.batch)), "
                       + "\(devIDs.count) dev tokens (\(percent(Double(devOOV) / Double(devIDs.count))) out of vocabulary -> <unk>); "
                       + "vocabulary \(vocabulary.count) (</s> and <unk> included)")
            let source = vectors.map { _ in "embedding from \(vectorsPath!): \(vocabulary.count - missing) rows found\(loaded!.composedNote), \(missing) missing (random)\(freeze ? ", frozen" : "")" }
                ?? "random embedding"
            printError("model: \(cell), \(layers) layer(s) x \(hidden) hidden, dimension \(dimension)\(tie ? ", tied decoder" : ""), "
                       + "\(model.parameters.count) parameters; \(source)")
        }
        let progress = ProgressPrinter(quiet: quiet)
        let reports = LanguageModelTrainer.train(&model, train: trainIDs, dev: devIDs, options: o, progress: { p in
            progress.update(String(format: "epoch %d  %5.1f%%  loss %.3f  ppl %.1f  %.0f tokens/s  ETA %@", p.epoch,
                                   100 * p.fraction, p.meanLoss, exp(p.meanLoss), p.unitsPerSecond,
                                   ProgressPrinter.duration(p.secondsLeft)))
        }, epochDone: { r in
            progress.finish(String(format: "epoch %2d  train ppl %8.2f  dev ppl %8.2f  %6.0f tokens/s  %6.1f s%@",
                                   r.epoch, r.trainPerplexity, r.devPerplexity, r.tokensPerSecond, r.seconds, r.isBest ? "  *" : ""))
        })
        guard let best = reports.filter(\.isBest).last else { throw RecurrentError.noFiniteEpoch(path: output, epochs: reports.count) }
        let tokens = reports.reduce(0) { $0 + $1.tokens }, seconds = reports.reduce(0.0) { $0 + $1.seconds }
        let provenance = ["data": dataPath, "dev": devPath, "vectors": vectorsPath ?? "", "seed": String(o.seed),
                          "best_epoch": String(best.epoch), "dev_perplexity": String(format: "%.2f", best.devPerplexity)]
        try LanguageModelFile.write(model, vocabulary: vocabulary, provenance: provenance, to: output)
        print(String(format: "best epoch %d: dev perplexity %.2f", best.epoch, best.devPerplexity))
        print(String(format: "trained %d epochs in %.1f s (%.0f training tokens/s, %d threads); wrote %@ in %.1f s total",
                     reports.count, seconds, Double(tokens) / max(seconds, 1e-9), o.threads, output, Date().timeIntervalSince(start)))
        return ExitStatus.success
    }

    struct Eval: OptionSettings {
        var data: String?
        var batch = 10
        var bptt = 35
        var threads = ProcessInfo.processInfo.activeProcessorCount

        typealias R = RecurrentOptions
        static let options: [Option<Eval>] = [
            R.data(\.data, help: "text to score", section: R.optionsSection),
            R.batch(\.batch, help: "streams the state is carried over", range: 1...100_000, section: R.optionsSection),
            LanguageModelCommand.bptt(\.bptt, section: R.optionsSection),
            R.threads(\.threads, help: "threads of the matrix products", section: R.optionsSection),
        ]
    }

    static func evaluate(_ s: Eval, _ positionals: [String]) throws -> Int32 {
        let (dataPath, batch, bptt, threads) = (s.data!, s.batch, s.bptt, s.threads)
        let (model, vocabulary, _) = try LanguageModelFile.read(positionals[0])
        let (ids, oov) = try vocabulary.encode(file: dataPath)
        guard ids.count >= 2 else { throw RecurrentError.noTokens(path: dataPath) }
        let loss = LanguageModelTrainer.evaluate(model, ids: ids, batch: batch, bptt: bptt, threads: threads)
        print(String(format: "perplexity %.2f  cross-entropy %.4f bits/token  tokens %d  out-of-vocabulary %d (%.2f%%)",
                     exp(loss), loss / log(2), ids.count, oov, 100 * Double(oov) / Double(ids.count)))
        return ExitStatus.success
    }

    struct Score: OptionSettings {
        var json = false

        static let options: [Option<Score>] = [RecurrentOptions.json(\.json, help: "one JSON object per line")]
    }

    static func score(_ s: Score, _ positionals: [String]) throws -> Int32 {
        let json = s.json
        let (model, vocabulary, _) = try LanguageModelFile.read(positionals[0])
        while let line = readLine() {
            let (ids, oov) = vocabulary.encode(line: line)
            let (total, count) = model.logProbability(of: ids, endOfSentence: vocabulary.endOfSentenceID)
            let mean = total / Double(count), perplexity = exp(-mean)
            if json {
                let escaped = line.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                print(String(format: "{\"text\": \"%@\", \"log_probability\": %.4f, \"tokens\": %d, \"mean\": %.4f, \"perplexity\": %.2f, \"oov\": %d}",
                             escaped, total, count, mean, perplexity, oov))
            } else {
                print(String(format: "%9.4f  %8.4f  %9.2f  %@", total, mean, perplexity, line))
            }
        }
        return ExitStatus.success
    }

    struct Generate: OptionSettings {
        var prompt: String?
        var words: Int?
        var temperature = 1.0
        var topK = 0
        var seed = 1

        typealias R = RecurrentOptions
        static let options: [Option<Generate>] = [
            .string(R.optionsSection, "--prompt", "TEXT", help: "the words the text starts with", \.prompt, defaultText: "none"),
            .int(R.optionsSection, "--words", help: """
                exactly N words after the prompt, going on over sentence ends,
                printed as new lines, with no empty sentence; without it, the text
                stops at the first '</s>' or after 1000 words
                """, range: 1...1_000_000, \.words),
            .double(R.optionsSection, "--temperature", "T", help: "divides the logits before sampling", range: 0.01...100, \.temperature),
            .int(R.optionsSection, "--top-k", "K", help: "sample among the K most likely words; 0: all words", range: 0...10_000_000, \.topK),
            R.seed(\.seed, help: "seed of the sampling", section: R.optionsSection),
        ]
    }

    static func generate(_ s: Generate, _ positionals: [String]) throws -> Int32 {
        let (prompt, words, temperature, topK, seed) = (s.prompt ?? "", s.words, s.temperature, s.topK, UInt64(s.seed))
        let (model, vocabulary, _) = try LanguageModelFile.read(positionals[0])
        let promptIDs = vocabulary.encode(line: prompt).ids
        let eos = vocabulary.endOfSentenceID
        let ids = model.generate(prompt: promptIDs, endOfSentence: eos, words: words, limit: 1000,
                                 temperature: temperature, topK: topK, seed: seed)
        var text = prompt.isEmpty ? "" : prompt + " "
        for id in ids { text += id == eos ? "\n" : vocabulary.words[Int(id)] + " " }
        print(text.split(separator: "\n", omittingEmptySubsequences: false)
                  .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: "\n").trimmingCharacters(in: .newlines))
        return ExitStatus.success
    }
}

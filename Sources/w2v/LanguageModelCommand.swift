import Foundation
import Embeddings
import Recurrent

/// `w2v lm train|eval|score|generate`: the word-level recurrent language model.
enum LanguageModelCommand: Command {
    static let name = "lm"
    static let summary = "train, evaluate, score with and sample from a GRU/LSTM language model"
    static let help = """
    usage: w2v lm train|eval|score|generate [options]

      w2v lm train --data TRAIN --dev VALID --output MODEL [--vectors V] [options]
      w2v lm eval MODEL --data TEST
      w2v lm score MODEL [--json]          (one sentence per stdin line)
      w2v lm generate MODEL [--prompt "..."] [--words N] [--temperature T] [--top-k K] [--seed S]

    Data: one sentence per line, tokens separated by spaces (tokenise beforehand); '</s>' ends
    every line. The vocabulary is the training file's tokens plus '</s>' and '<unk>' ('<unk>' is
    added when the training data lacks it); other tokens of dev/test/scored text become '<unk>'
    and are counted as out-of-vocabulary.

    train (defaults: GRU, embedding 100, hidden 256, 1 layer, bptt 35, batch 32, Adam 2e-3,
    dropout 0.3, clip 5, 6 epochs; the best dev epoch is kept, as PyTorch's word_language_model):
      --data PATH           training text (required)
      --dev PATH            development text, perplexity after each epoch (required)
      --output PATH         model file to write (required); written atomically
      --vectors PATH        initialise the embedding from word2vec text/binary vectors or a
                            fastText .bin, which composes words it lacks from their n-grams
                            (rows of words still missing stay random; their number is printed)
      --freeze              keep the embedding fixed (needs --vectors; not with --tie)
      --dim N               embedding width (default 100; with --vectors: the width they must have)
      --cell gru|lstm|rnn   recurrent unit (default gru)
      --layers N            stacked layers (default 1)
      --hidden H            hidden units (default 256)
      --tie                 decoder weights = embedding (needs --hidden equal to the dimension)
      --dropout P           dropout on the embedding output, between layers and on the output (default 0.3)
      --bptt N              steps of truncated back-propagation (default 35)
      --batch N             parallel streams (default 32)
      --epochs N            epochs (default 6)
      --patience N          stop after N epochs without a better dev perplexity (default 0: never)
      --optimizer adam|sgd  (default adam)
      --lr R                learning rate (default 0.002 for adam, 20 for sgd)
      --clip C              clip the global gradient norm to C, 0 disables (default 5)
      --seed S              seed of initialisation and dropout (default 1)
      --threads N           threads of the matrix products (default: all cores)
      --quiet               no progress on stderr
    eval MODEL --data PATH [--batch N] [--bptt N] [--threads N]: perplexity, cross-entropy in
      bits per token, tokens, out-of-vocabulary rate (state carried over 10 streams by default).
    score MODEL [--json]: for each stdin line, its log-probability (natural log, '</s>' included),
      per-token average and perplexity.
    generate MODEL: --prompt TEXT (default: none), --words N (exactly N words after the prompt,
      going on over sentence ends, printed as new lines, with no empty sentence; default: stop at
      the first '</s>' or after 1000 words), --temperature T (default 1), --top-k K (default 0:
      all words), --seed S (default 1; the same seed gives the same text).

    Exit status: 0 success, 1 bad input or failed output, 2 invalid command line.
    """

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        let raw = Array(CommandLine.arguments.dropFirst(2))
        _ = try? arguments.finish(positionals: 0...Int.max, names: "")
        guard let sub = raw.first, !sub.hasPrefix("-") else {
            throw UsageError(message: "missing subcommand: train, eval, score or generate")
        }
        var args = Arguments(Array(raw.dropFirst()))
        switch sub {
        case "train": return try train(&args)
        case "eval": return try evaluate(&args)
        case "score": return try score(&args)
        case "generate": return try generate(&args)
        default: throw UsageError(message: "unknown subcommand '\(sub)': use train, eval, score or generate")
        }
    }

    static func train(_ arguments: inout Arguments) throws -> Int32 {
        let dataOption = try arguments.option("--data")
        let devOption = try arguments.option("--dev")
        let outputOption = try arguments.option("--output", aliases: ["-o"])
        let vectorsPath = try arguments.option("--vectors")
        let freeze = arguments.flag("--freeze")
        let dimOption = try arguments.option("--dim")
        let cellText = try arguments.option("--cell") ?? "gru"
        guard let cell = CellKind(rawValue: cellText) else { throw UsageError(message: "--cell must be gru, lstm or rnn, got '\(cellText)'") }
        let layers = try arguments.int("--layers", default: 1, range: 1...16)
        let hidden = try arguments.int("--hidden", default: 256, range: 1...8192)
        let tie = arguments.flag("--tie")
        var o = LanguageModelTrainingOptions()
        o.dropout = try arguments.double("--dropout", default: 0.3, range: 0...0.95)
        o.bptt = try arguments.int("--bptt", default: 35, range: 1...100_000)
        o.batch = try arguments.int("--batch", default: 32, range: 1...100_000)
        o.epochs = try arguments.int("--epochs", default: 6, range: 1...100_000)
        o.patience = try arguments.int("--patience", default: 0, range: 0...100_000)
        let optimizerText = try arguments.option("--optimizer") ?? "adam"
        switch optimizerText {
        case "adam": o.optimizer = .adam
        case "sgd": o.optimizer = .sgd
        default: throw UsageError(message: "--optimizer must be adam or sgd, got '\(optimizerText)'")
        }
        o.learningRate = try arguments.double("--lr", default: o.optimizer == .adam ? 0.002 : 20, range: 1e-9...1000)
        o.clip = try arguments.double("--clip", default: 5, range: 0...1e12)
        o.seed = UInt64(try arguments.int("--seed", default: 1, range: 0...Int.max))
        o.threads = try arguments.int("--threads", default: ProcessInfo.processInfo.activeProcessorCount, range: 1...1_024)
        o.freezeEmbedding = freeze
        let quiet = arguments.flag("--quiet", aliases: ["-q"])
        _ = try arguments.finish(positionals: 0...0, names: "")
        guard let dataPath = dataOption else { throw UsageError(message: "--data is required") }
        guard let devPath = devOption else { throw UsageError(message: "--dev is required") }
        guard let output = outputOption else { throw UsageError(message: "--output is required") }
        if freeze && vectorsPath == nil { throw UsageError(message: "--freeze needs --vectors (a frozen random embedding learns nothing)") }
        if freeze && tie { throw UsageError(message: "--freeze and --tie exclude each other (tied weights are the decoder, which must learn)") }
        for input in [dataPath, devPath] + (vectorsPath.map { [$0] } ?? []) where absolutePath(input) == absolutePath(output) {
            throw UsageError(message: "--output \(output) is also an input; choose another file")
        }
        var dimension = 100
        if let dimOption {
            guard let d = Int(dimOption), d >= 1, d <= 8192 else { throw UsageError(message: "--dim expects a whole number in 1...8192, got '\(dimOption)'") }
            dimension = d
        }
        try checkWritable(output)

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
            if dimOption != nil && vectors.dimension != dimension {
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
            let eta = Double(p.tokensPerEpoch - p.tokensDone) / max(p.tokensPerSecond, 1e-9)
            progress.update(String(format: "epoch %d  %5.1f%%  loss %.3f  ppl %.1f  %.0f tokens/s  ETA %.0f s", p.epoch,
                                   100 * Double(p.tokensDone) / Double(max(p.tokensPerEpoch, 1)), p.meanLoss, exp(p.meanLoss),
                                   p.tokensPerSecond, eta))
        }, epochDone: { r in
            progress.finish(String(format: "epoch %2d  train ppl %8.2f  dev ppl %8.2f  %6.0f tokens/s  %6.1f s%@",
                                   r.epoch, r.trainPerplexity, r.devPerplexity, r.tokensPerSecond, r.seconds, r.isBest ? "  *" : ""))
        })
        let best = reports.filter(\.isBest).last!
        let tokens = reports.reduce(0) { $0 + $1.tokens }, seconds = reports.reduce(0.0) { $0 + $1.seconds }
        let provenance = ["data": dataPath, "dev": devPath, "vectors": vectorsPath ?? "", "seed": String(o.seed),
                          "best_epoch": String(best.epoch), "dev_perplexity": String(format: "%.2f", best.devPerplexity)]
        try LanguageModelFile.write(model, vocabulary: vocabulary, provenance: provenance, to: output)
        print(String(format: "best epoch %d: dev perplexity %.2f", best.epoch, best.devPerplexity))
        print(String(format: "trained %d epochs in %.1f s (%.0f training tokens/s, %d threads); wrote %@ in %.1f s total",
                     reports.count, seconds, Double(tokens) / max(seconds, 1e-9), o.threads, output, Date().timeIntervalSince(start)))
        return ExitStatus.success
    }

    static func evaluate(_ arguments: inout Arguments) throws -> Int32 {
        let dataOption = try arguments.option("--data")
        let batch = try arguments.int("--batch", default: 10, range: 1...100_000)
        let bptt = try arguments.int("--bptt", default: 35, range: 1...100_000)
        let threads = try arguments.int("--threads", default: ProcessInfo.processInfo.activeProcessorCount, range: 1...1_024)
        let path = try arguments.finish(positionals: 1...1, names: "MODEL")[0]
        guard let dataPath = dataOption else { throw UsageError(message: "--data is required") }
        let (model, vocabulary, _) = try LanguageModelFile.read(path)
        let (ids, oov) = try vocabulary.encode(file: dataPath)
        guard ids.count >= 2 else { throw RecurrentError.noTokens(path: dataPath) }
        let loss = LanguageModelTrainer.evaluate(model, ids: ids, batch: batch, bptt: bptt, threads: threads)
        print(String(format: "perplexity %.2f  cross-entropy %.4f bits/token  tokens %d  out-of-vocabulary %d (%.2f%%)",
                     exp(loss), loss / log(2), ids.count, oov, 100 * Double(oov) / Double(ids.count)))
        return ExitStatus.success
    }

    static func score(_ arguments: inout Arguments) throws -> Int32 {
        let json = arguments.flag("--json")
        let path = try arguments.finish(positionals: 1...1, names: "MODEL")[0]
        let (model, vocabulary, _) = try LanguageModelFile.read(path)
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

    static func generate(_ arguments: inout Arguments) throws -> Int32 {
        let prompt = try arguments.option("--prompt") ?? ""
        let words = try arguments.option("--words").map { text -> Int in
            guard let n = Int(text), n >= 1, n <= 1_000_000 else { throw UsageError(message: "--words expects a whole number in 1...1000000, got '\(text)'") }
            return n
        }
        let temperature = try arguments.double("--temperature", default: 1, range: 0.01...100)
        let topK = try arguments.int("--top-k", default: 0, range: 0...10_000_000)
        let seed = UInt64(try arguments.int("--seed", default: 1, range: 0...Int.max))
        let path = try arguments.finish(positionals: 1...1, names: "MODEL")[0]
        let (model, vocabulary, _) = try LanguageModelFile.read(path)
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

    private static func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }
}

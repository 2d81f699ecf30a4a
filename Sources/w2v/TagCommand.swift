import Foundation
import Embeddings
import Recurrent

/// `w2v tag train|eval|predict`: the bidirectional recurrent sequence tagger.
enum TagCommand: Command {
    static let name = "tag"
    static let summary = "train, evaluate and run a bidirectional GRU/LSTM part-of-speech (sequence) tagger"
    static let help = """
    usage: w2v tag train|eval|predict [options]

      w2v tag train --vectors V --data TRAIN --dev DEV --output MODEL [options]
      w2v tag eval MODEL --data TEST [--json]
      w2v tag predict MODEL      (stdin: one sentence per line, or one token per line with
                                  blank lines between sentences; prints 'token<TAB>tag' lines)

    Data: CoNLL-style 'token<TAB>tag' lines (other columns allowed), a blank line between
    sentences; or CoNLL-U (FORM and UPOS columns; '#' comments, multi-word '1-2' and empty-node
    '1.1' lines skipped). Detected by content, or:
      --format auto|conll|conllu   (default auto)
      --columns T,G                1-based token and tag columns (default 1,2; CoNLL-U 2,4)
    Sentences longer than 512 tokens are refused.

    Each token's input: its word vector (exact form, else lowercased, else a learned unknown
    vector), learned vectors of its last 1, 2 and 3 characters (hashed), and 9 indicators
    (case pattern, digit, number, hyphen, punctuation) that a lowercased vocabulary lacks.

    train:
      --vectors PATH        word2vec text or binary vectors, or a fastText .bin (required): the
                            word table; a .bin composes train/dev words it lacks from n-grams
      --data PATH           training data (required)
      --dev PATH            development data: early stopping keeps the best epoch (required)
      --output PATH         model file to write (required); written atomically
      --vocab-limit N       read only the first N vectors
      --random-init         replace the vectors by random ones of the same size (baseline)
      --freeze              keep the vectors fixed (the unknown-word vector still learns)
      --cell gru|lstm|rnn   recurrent unit (default gru)
      --unidirectional      read left to right only (default: bidirectional)
      --layers N            stacked recurrent layers (default 1)
      --hidden H            hidden units per direction (default 100)
      --suffix-dim N        width of each suffix vector, 0 disables (default 10)
      --dropout P           dropout on inputs and on recurrent outputs (default 0.25)
      --word-dropout P      chance a training token's word vector is replaced by the unknown
                            one, so unseen words are learned from spelling (default 0.05)
      --epochs N            maximum epochs (default 10)
      --patience N          stop after N epochs without a better dev accuracy (default 3; 0: never)
      --batch N             sentences per update (default 16)
      --lr R                Adam learning rate (default 0.002)
      --clip C              clip the global gradient norm to C, 0 disables (default 5)
      --seed S              seed of initialisation, shuffling and dropout (default 1)
      --threads N           threads a batch is spread over (default: all cores)
      --quiet               no progress on stderr

    eval MODEL --data PATH [--json] [--confusions N] [--threads N]: token accuracy, accuracy on
      tokens unseen in training (OOV) and seen ones, sentence accuracy, per-tag
      precision/recall/F1 and the N most frequent confusions (default 10).
    predict MODEL [--input auto|lines|tokens] [--threads N]: tags stdin; 'lines' is one
      sentence per line (tokens split at spaces), 'tokens' one token per line (first TAB
      column) with blank lines between sentences; auto decides by content.

    Exit status: 0 success, 1 bad input or failed output, 2 invalid command line.
    """

    static let maxSentenceLength = 512

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        let raw = Array(CommandLine.arguments.dropFirst(2))
        guard let sub = raw.first, !sub.hasPrefix("-") else {
            _ = try? arguments.finish(positionals: 0...Int.max, names: "")
            throw UsageError(message: "missing subcommand: train, eval or predict")
        }
        _ = try? arguments.finish(positionals: 0...Int.max, names: "")
        var args = Arguments(Array(raw.dropFirst()))
        switch sub {
        case "train": return try train(&args)
        case "eval": return try evaluate(&args)
        case "predict": return try predict(&args)
        default: throw UsageError(message: "unknown subcommand '\(sub)': use train, eval or predict")
        }
    }

    static func dataOptions(_ arguments: inout Arguments) throws -> TaggedDataOptions {
        var options = TaggedDataOptions()
        options.maxSentenceLength = maxSentenceLength
        let formatText = try arguments.option("--format") ?? "auto"
        guard let format = TaggedFormat(rawValue: formatText) else {
            throw UsageError(message: "--format must be auto, conll or conllu, got '\(formatText)'")
        }
        options.format = format
        if let text = try arguments.option("--columns") {
            let parts = text.split(separator: ",").map { Int($0) }
            guard parts.count == 2, let token = parts[0], let tag = parts[1], token >= 1, tag >= 1, token != tag else {
                throw UsageError(message: "--columns expects two different 1-based column numbers 'T,G', got '\(text)'")
            }
            options.columns = (token, tag)
        }
        return options
    }

    static func train(_ arguments: inout Arguments) throws -> Int32 {
        let vectorsOption = try arguments.option("--vectors")
        let dataOption = try arguments.option("--data")
        let devOption = try arguments.option("--dev")
        let outputOption = try arguments.option("--output", aliases: ["-o"])
        let dataOptions = try dataOptions(&arguments)
        let vocabLimit = try arguments.option("--vocab-limit").map { text -> Int in
            guard let n = Int(text), n > 0 else { throw UsageError(message: "--vocab-limit expects a positive whole number, got '\(text)'") }
            return n
        }
        let randomInit = arguments.flag("--random-init")
        let freeze = arguments.flag("--freeze")
        let cellText = try arguments.option("--cell") ?? "gru"
        guard let cell = CellKind(rawValue: cellText) else { throw UsageError(message: "--cell must be gru, lstm or rnn, got '\(cellText)'") }
        let bidirectional = !arguments.flag("--unidirectional")
        let layers = try arguments.int("--layers", default: 1, range: 1...16)
        let hidden = try arguments.int("--hidden", default: 100, range: 1...4096)
        let suffixDimension = try arguments.int("--suffix-dim", default: 10, range: 0...1024)
        var options = TaggerTrainingOptions()
        options.dropout = try arguments.double("--dropout", default: 0.25, range: 0...0.95)
        options.wordDropout = try arguments.double("--word-dropout", default: 0.05, range: 0...0.95)
        options.epochs = try arguments.int("--epochs", default: 10, range: 1...100_000)
        options.patience = try arguments.int("--patience", default: 3, range: 0...100_000)
        options.batchSize = try arguments.int("--batch", default: 16, range: 1...1_000_000)
        options.learningRate = try arguments.double("--lr", default: 0.002, range: 1e-9...10)
        options.clip = try arguments.double("--clip", default: 5, range: 0...1e12)
        options.seed = UInt64(try arguments.int("--seed", default: 1, range: 0...Int.max))
        options.workers = try arguments.int("--threads", default: ProcessInfo.processInfo.activeProcessorCount, range: 1...1_024)
        let quiet = arguments.flag("--quiet", aliases: ["-q"])
        _ = try arguments.finish(positionals: 0...0, names: "")
        guard let vectorsPath = vectorsOption else { throw UsageError(message: "--vectors is required") }
        guard let dataPath = dataOption else { throw UsageError(message: "--data is required") }
        guard let devPath = devOption else { throw UsageError(message: "--dev is required (early stopping keeps the best epoch on it)") }
        guard let output = outputOption else { throw UsageError(message: "--output is required") }
        for input in [vectorsPath, dataPath, devPath] where absolutePath(input) == absolutePath(output) {
            throw UsageError(message: "--output must not be an input file (\(input))")
        }
        try checkWritable(output)

        let start = Date()
        let trainData = try TaggedData.read(path: dataPath, options: dataOptions)
        let devData = try TaggedData.read(path: devPath, options: dataOptions)
        let tags = try SequenceTagger.tags(of: trainData)
        // From a .bin, the train and dev tokens the tagger's lookup (exact form, else lowercase)
        // would not find get composed rows (of the exact form) instead of the unknown row.
        let loaded = try VectorsInput(limit: vocabLimit, quiet: quiet).load(vectorsPath) { vectors in
            VectorsInput.lacking((trainData + devData).lazy.flatMap(\.tokens)) { vectors.row(of: $0) != nil || vectors.row(of: $0.lowercased()) != nil }
        }
        let vectors = loaded.embeddings
        var trainingWords = Set<String>()
        for s in trainData { trainingWords.formUnion(s.tokens) }
        var tagger = SequenceTagger(vectors: vectors, tags: tags, trainingWords: trainingWords, cell: cell, bidirectional: bidirectional,
                                    layers: layers, hidden: hidden, suffixDimension: suffixDimension,
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
                                   r.tokensPerSecond, r.loss, duration(r.secondsLeft)))
        }, progress: { r in
            progress.finish(String(format: "epoch %2d  loss %.4f  train acc %.4f  dev acc %.4f  %6.0f tokens/s  %5.1f s%@",
                                   r.epoch, r.loss, r.trainAccuracy, r.devAccuracy, r.tokensPerSecond, r.seconds, r.isBest ? "  *" : ""))
        })
        let provenance = ["vectors": vectorsPath, "data": dataPath, "dev": devPath, "seed": String(options.seed),
                          "best_epoch": String(result.bestEpoch), "dev_accuracy": fixed4(result.bestDevAccuracy),
                          "random_init": String(randomInit), "frozen": String(freeze)]
        try TaggerFile.write(tagger, provenance: provenance, to: output)
        print("best epoch \(result.bestEpoch): dev token accuracy \(fixed4(result.bestDevAccuracy))")
        print("trained \(result.reports.count) epochs in \(String(format: "%.1f", result.trainingSeconds)) s "
              + "(\(Int(Double(result.trainedTokens) / max(result.trainingSeconds, 1e-9))) tokens/s, \(options.workers) threads); "
              + "wrote \(output) in \(String(format: "%.1f", Date().timeIntervalSince(start))) s total")
        return ExitStatus.success
    }

    static func evaluate(_ arguments: inout Arguments) throws -> Int32 {
        let dataOption = try arguments.option("--data")
        let dataOptions = try dataOptions(&arguments)
        let json = arguments.flag("--json")
        let top = try arguments.int("--confusions", default: 10, range: 0...100_000)
        let workers = try arguments.int("--threads", default: ProcessInfo.processInfo.activeProcessorCount, range: 1...1_024)
        let model = try arguments.finish(positionals: 1...1, names: "MODEL")[0]
        guard let dataPath = dataOption else { throw UsageError(message: "--data is required") }
        let (tagger, _) = try TaggerFile.read(model)
        let data = try TaggedData.read(path: dataPath, options: dataOptions)
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
        print("tokens \(e.tokens)  accuracy \(fixed4(e.accuracy))  (\(Int(Double(e.tokens) / max(seconds, 1e-9))) tokens/s; "
              + "\(Int(Double(e.tokens) / max(taggingSeconds, 1e-9))) without feature extraction)")
        print("unseen in training (OOV) \(e.unseenTokens) tokens (\(percent(Double(e.unseenTokens) / Double(max(e.tokens, 1)))))  "
              + "accuracy \(fixed4(e.unseenAccuracy));  seen \(e.tokens - e.unseenTokens)  accuracy \(fixed4(e.seenAccuracy))")
        print("sentences \(e.sentences)  all tokens right \(fixed4(e.sentenceAccuracy))  macro-F1 \(fixed4(m.macroF1))")
        let width = max(6, (m.labels.map(\.count).max() ?? 0) + 2)
        print("tag".padding(toLength: width, withPad: " ", startingAt: 0) + "precision  recall     F1         support")
        for (i, tag) in m.labels.enumerated() {
            print(tag.padding(toLength: width, withPad: " ", startingAt: 0)
                  + [m.precision(i), m.recall(i), m.f1(i)].map { fixed4($0).padding(toLength: 11, withPad: " ", startingAt: 0) }.joined()
                  + String(m.confusion[i].reduce(0, +)))
        }
        if !confusions.isEmpty {
            print("most frequent confusions (gold -> predicted: tokens)")
            for c in confusions { print("  \(c.actual) -> \(c.predicted): \(c.count)") }
        }
        return ExitStatus.success
    }

    static func predict(_ arguments: inout Arguments) throws -> Int32 {
        let workers = try arguments.int("--threads", default: ProcessInfo.processInfo.activeProcessorCount, range: 1...1_024)
        let inputText = try arguments.option("--input") ?? "auto"
        let tokenPerLine: Bool?
        switch inputText {
        case "auto": tokenPerLine = nil
        case "lines": tokenPerLine = false
        case "tokens": tokenPerLine = true
        default: throw UsageError(message: "--input must be auto, lines or tokens, got '\(inputText)'")
        }
        let model = try arguments.finish(positionals: 1...1, names: "MODEL")[0]
        let (tagger, _) = try TaggerFile.read(model)
        let input = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        let sentences = try TaggedData.untagged(input, path: "-", tokenPerLine: tokenPerLine, maxSentenceLength: maxSentenceLength)
        let tagged = tagger.predict(sentences.map(\.tokens), workers: workers)
        var out = ""
        for (s, tags) in zip(sentences, tagged) {
            for (token, tag) in zip(s.tokens, tags) { out += token + "\t" + tag + "\n" }
            out += "\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
        return ExitStatus.success
    }

    private static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    private static func fixed4(_ x: Double) -> String { String(format: "%.4f", x) }
    private static func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }
}

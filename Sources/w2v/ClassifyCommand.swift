import Foundation
import Corpus
import Embeddings
import Recurrent

/// `w2v classify train|eval|predict|split`: the downstream recurrent sentence classifier.
///
/// The subcommand is read from the raw command line (the word after `classify`), then its
/// options are parsed by a fresh `Arguments` so each subcommand refuses options it lacks.
enum ClassifyCommand: Command {
    static let name = "classify"
    static let summary = "train, evaluate and run a GRU/LSTM sentence classifier on word vectors"
    static let help = """
    usage: w2v classify train|eval|predict|split [options]

      w2v classify train --vectors V --data FILE --output MODEL [options]
      w2v classify eval MODEL --data FILE
      w2v classify predict MODEL              (sentences on stdin, one per line)
      w2v classify split --data FILE --output-dir DIR [--seed S]

    Data (--data, repeatable): 'label<TAB>sentence' lines; a .pos or .neg file (one sentence
    per line, labelled by its extension: the rt-polarity layout); or a directory of them.

    train:
      --vectors PATH        word2vec text or binary vectors, or a fastText .bin (required): the
                            embedding table; a .bin composes train/dev words it lacks from n-grams
      --data PATH           training data (required)
      --output PATH         model file to write (required); written atomically
      --dev PATH            development data for early stopping; without it --data is split
                            80/10/10 by --split-seed and the held-out 10% test part is scored
      --split-seed S        seed of that split (default 1)
      --dim N               required vector dimension: refuse vectors of another size
      --vocab-limit N       read only the first N vectors
      --lowercase           lowercase tokens (use the options the vectors were trained with)
      --strip-punctuation   remove punctuation characters from tokens
      --split-punctuation   split tokens at punctuation characters ("doesn't" -> doesn t)
      --random-init         replace the vectors by random ones of the same size (baseline)
      --freeze              keep the vectors fixed (the unknown-word vector still learns)
      --cell gru|lstm|rnn   recurrent unit (default gru)
      --bidirectional       read each sentence both ways, concatenating the states
      --layers N            stacked recurrent layers (default 1)
      --hidden H            hidden units per direction (default 100)
      --pool final|mean|max sentence vector: final state(s), or mean/max over time (default final)
      --dropout P           dropout on the sentence vector (default 0.5)
      --epochs N            maximum epochs (default 10)
      --patience N          stop after N epochs without a better dev accuracy (default 3; 0: never)
      --batch N             sentences per update (default 32)
      --optimizer adam|sgd  Adam (0.9, 0.999, 1e-8) or SGD with momentum (default adam)
      --lr R                learning rate (default 0.001 for adam, 0.05 for sgd)
      --momentum M          SGD momentum (default 0.9)
      --clip C              clip the global gradient norm to C, 0 disables (default 5)
      --l2 L                L2 weight decay on weight matrices (default 0)
      --seed S              seed of initialisation, shuffling and dropout (default 1)
      --threads N           threads a batch is spread over (default: all cores)
      --quiet               no setup lines or per-epoch progress on stderr

    eval MODEL --data PATH [--threads N]: accuracy, per-label precision/recall/F1, confusion matrix.
    predict MODEL [--threads N] [--probabilities] [--format text|tsv]: prints
      'label<TAB>probability' for each line of stdin; --probabilities appends every label's
      probability ('<TAB>label=p', in the model's label order); --format tsv reads
      'label<TAB>sentence' lines (a labelled data file) and ignores the label.
    split --data PATH --output-dir DIR [--seed S] [--dev-fraction F] [--test-fraction F]:
      writes DIR/train.tsv, DIR/dev.tsv, DIR/test.tsv (seeded shuffle, 80/10/10 by default).

    Exit status: 0 success, 1 bad input or failed output, 2 invalid command line.
    """

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        let raw = Array(CommandLine.arguments.dropFirst(2))
        guard let sub = raw.first, !sub.hasPrefix("-") else {
            _ = try? arguments.finish(positionals: 0...Int.max, names: "")
            throw UsageError(message: "missing subcommand: train, eval, predict or split")
        }
        _ = try? arguments.finish(positionals: 0...Int.max, names: "")
        var args = Arguments(Array(raw.dropFirst()))
        switch sub {
        case "train": return try train(&args)
        case "eval": return try evaluate(&args)
        case "predict": return try predict(&args)
        case "split": return try split(&args)
        default: throw UsageError(message: "unknown subcommand '\(sub)': use train, eval, predict or split")
        }
    }

    static func train(_ arguments: inout Arguments) throws -> Int32 {
        let vectorsOption = try arguments.option("--vectors")
        let dataPaths = try arguments.options("--data")
        let outputOption = try arguments.option("--output", aliases: ["-o"])
        let devPath = try arguments.option("--dev")
        let splitSeed = try arguments.int("--split-seed", default: 1, range: 0...Int.max)
        let dim = try arguments.option("--dim").map { text -> Int in
            guard let n = Int(text), n > 0 else { throw UsageError(message: "--dim expects a positive whole number, got '\(text)'") }
            return n
        }
        let vocabLimit = try arguments.option("--vocab-limit").map { text -> Int in
            guard let n = Int(text), n > 0 else { throw UsageError(message: "--vocab-limit expects a positive whole number, got '\(text)'") }
            return n
        }
        let tokenizer = TokenizerOptions(lowercase: arguments.flag("--lowercase"),
                                         stripPunctuation: arguments.flag("--strip-punctuation"),
                                         splitPunctuation: arguments.flag("--split-punctuation"))
        let randomInit = arguments.flag("--random-init")
        let freeze = arguments.flag("--freeze")
        let cellText = try arguments.option("--cell") ?? "gru"
        guard let cell = CellKind(rawValue: cellText) else { throw UsageError(message: "--cell must be gru, lstm or rnn, got '\(cellText)'") }
        let bidirectional = arguments.flag("--bidirectional")
        let layers = try arguments.int("--layers", default: 1, range: 1...16)
        let hidden = try arguments.int("--hidden", default: 100, range: 1...4096)
        let poolText = try arguments.option("--pool") ?? "final"
        guard let pooling = Pooling(rawValue: poolText) else { throw UsageError(message: "--pool must be final, mean or max, got '\(poolText)'") }
        var options = TrainingOptions()
        options.dropout = try arguments.double("--dropout", default: 0.5, range: 0...0.95)
        options.epochs = try arguments.int("--epochs", default: 10, range: 1...100_000)
        options.patience = try arguments.int("--patience", default: 3, range: 0...100_000)
        options.batchSize = try arguments.int("--batch", default: 32, range: 1...1_000_000)
        let optimizerText = try arguments.option("--optimizer") ?? "adam"
        let momentum = try arguments.double("--momentum", default: 0.9, range: 0...0.999)
        switch optimizerText {
        case "adam": options.optimizer = .adam
        case "sgd": options.optimizer = .sgd(momentum: momentum)
        default: throw UsageError(message: "--optimizer must be adam or sgd, got '\(optimizerText)'")
        }
        options.learningRate = try arguments.double("--lr", default: options.optimizer == .adam ? 0.001 : 0.05, range: 1e-9...10)
        options.clip = try arguments.double("--clip", default: 5, range: 0...1e12)
        options.l2 = try arguments.double("--l2", default: 0, range: 0...10)
        options.seed = UInt64(try arguments.int("--seed", default: 1, range: 0...Int.max))
        options.workers = try arguments.int("--threads", default: ProcessInfo.processInfo.activeProcessorCount, range: 1...1_024)
        let quiet = arguments.flag("--quiet", aliases: ["-q"])
        _ = try arguments.finish(positionals: 0...0, names: "")
        guard let vectorsPath = vectorsOption else { throw UsageError(message: "--vectors is required") }
        guard !dataPaths.isEmpty else { throw UsageError(message: "--data is required") }
        guard let output = outputOption else { throw UsageError(message: "--output is required") }
        try checkWritable(output)

        let start = Date()
        let all = try LabelledData.read(paths: dataPaths)
        let (trainData, devData, testData): ([LabelledSentence], [LabelledSentence], [LabelledSentence])
        if let devPath {
            (trainData, devData, testData) = (all, try LabelledData.read(paths: [devPath]), [])
        } else {
            (trainData, devData, testData) = LabelledData.split(all, seed: UInt64(splitSeed))
        }
        // From a .bin, the train and dev tokens without a row get composed ones instead of the
        // shared unknown row; held-out test words stay unknown, as they are for `classify eval`.
        let loaded = try VectorsInput(limit: vocabLimit, quiet: quiet).load(vectorsPath) { vectors in
            let splitter = Tokenizer(options: tokenizer)
            return VectorsInput.lacking((trainData + devData).lazy.flatMap { splitter.tokens(in: $0.text) }) { vectors.row(of: $0) != nil }
        }
        let vectors = loaded.embeddings
        try SentenceClassifier.requireDimension(of: vectors, path: vectorsPath, expected: dim)
        guard !devData.isEmpty else {
            // Early stopping and the reported accuracy would be over nothing.
            throw CommandFailure(message: "no dev sentence: the 80/10/10 split of \(all.count) sentences leaves the dev part empty; give --dev FILE or more data")
        }
        let labels = LabelledData.labels(of: trainData + devData + testData)
        guard labels.count >= 2 else { throw RecurrentError.tooFewLabels(labels: labels) }
        var classifier = SentenceClassifier(vectors: vectors, labels: labels, cell: cell, bidirectional: bidirectional,
                                            layers: layers, hidden: hidden, pooling: pooling,
                                            initialisation: randomInit ? .random : .pretrained,
                                            tokenizerOptions: tokenizer, seed: options.seed)
        if freeze { options.frozenRows = 1 ..< classifier.network.vocabularySize }
        let train = try classifier.encode(trainData), dev = try classifier.encode(devData)
        let coverage = classifier.coverage(trainData)
        let network = classifier.network
        let c = network.configuration
        if !quiet {
            printError("vectors: \(vectors.count) words x \(vectors.dimension) from \(vectorsPath)\(loaded.composedNote)\(randomInit ? " (replaced by random vectors of the same size)" : "")")
            printError("data: \(train.count) train, \(dev.count) dev, \(testData.count) test sentences; labels \(labels.joined(separator: ", ")); "
                       + "\(percent(Double(coverage.known) / Double(max(coverage.tokens, 1)))) of training tokens in the vocabulary")
            printError("model: \(c.bidirectional ? "bidirectional " : "")\(c.cell), \(c.layers) layer(s) x \(c.hidden) hidden, \(c.pooling) pooling, "
                       + "\(network.parameters.count) parameters + \(network.embeddings.count) embedding values (\(freeze ? "frozen" : "fine-tuned"))")
        }
        var result = Trainer.train(&classifier.network, train: train, dev: dev, options: options) { r in
            guard !quiet else { return }
            printError(String(format: "epoch %2d  loss %.4f  train acc %.4f  dev loss %.4f  dev acc %.4f  %6.0f sentences/s  %5.1f s%@",
                              r.epoch, r.loss, r.trainAccuracy, r.devLoss, r.devAccuracy, r.sentencesPerSecond, r.seconds,
                              r.isBest ? "  *" : ""))
        }
        var summary = "best epoch \(result.bestEpoch): dev accuracy \(fixed4(result.bestDevAccuracy))"
        var provenance = ["vectors": vectorsPath, "seed": String(options.seed), "best_epoch": String(result.bestEpoch),
                          "dev_accuracy": fixed4(result.bestDevAccuracy), "random_init": String(randomInit),
                          "frozen": String(freeze), "data": dataPaths.joined(separator: ",")]
        if !testData.isEmpty {
            let test = try classifier.evaluate(testData, workers: options.workers)
            summary += "; test accuracy \(fixed4(test.accuracy)) (\(test.count) held-out sentences, split seed \(splitSeed))"
            provenance["test_accuracy"] = fixed4(test.accuracy)
        }
        let trainedSentences = Double(train.count * result.reports.count)
        let trainSeconds = result.reports.reduce(0.0) { $0 + Double(train.count) / $1.sentencesPerSecond }
        try ClassifierFile.write(classifier, provenance: provenance, to: output)
        result.seconds = Date().timeIntervalSince(start)
        print(summary)
        print("trained \(result.reports.count) epochs in \(String(format: "%.1f", trainSeconds)) s "
              + "(\(Int(trainedSentences / max(trainSeconds, 1e-9))) sentences/s, \(options.workers) threads); "
              + "wrote \(output) in \(String(format: "%.1f", result.seconds)) s total")
        return ExitStatus.success
    }

    static func evaluate(_ arguments: inout Arguments) throws -> Int32 {
        let dataPaths = try arguments.options("--data")
        let workers = try arguments.int("--threads", default: ProcessInfo.processInfo.activeProcessorCount, range: 1...1_024)
        let model = try arguments.finish(positionals: 1...1, names: "MODEL")[0]
        guard !dataPaths.isEmpty else { throw UsageError(message: "--data is required") }
        let (classifier, _) = try ClassifierFile.read(model)
        let data = try LabelledData.read(paths: dataPaths)
        let e = try classifier.evaluate(data, workers: workers)
        print("sentences \(e.count)  accuracy \(fixed4(e.accuracy))  macro-F1 \(fixed4(e.macroF1))")
        let width = max(8, (e.labels.map(\.count).max() ?? 0) + 2)
        print("label".padding(toLength: width, withPad: " ", startingAt: 0) + "precision  recall     F1         support")
        for (i, label) in e.labels.enumerated() {
            print(label.padding(toLength: width, withPad: " ", startingAt: 0)
                  + [e.precision(i), e.recall(i), e.f1(i)].map { fixed4($0).padding(toLength: 11, withPad: " ", startingAt: 0) }.joined()
                  + String(e.confusion[i].reduce(0, +)))
        }
        print("confusion (rows: actual, columns: predicted)")
        print(String(repeating: " ", count: width) + e.labels.map { $0.padding(toLength: width, withPad: " ", startingAt: 0) }.joined())
        for (i, label) in e.labels.enumerated() {
            print(label.padding(toLength: width, withPad: " ", startingAt: 0)
                  + e.confusion[i].map { String($0).padding(toLength: width, withPad: " ", startingAt: 0) }.joined())
        }
        return ExitStatus.success
    }

    static func predict(_ arguments: inout Arguments) throws -> Int32 {
        let workers = try arguments.int("--threads", default: ProcessInfo.processInfo.activeProcessorCount, range: 1...1_024)
        let showAll = arguments.flag("--probabilities")
        let format = try arguments.option("--format") ?? "text"
        guard format == "text" || format == "tsv" else { throw UsageError(message: "--format must be text or tsv, got '\(format)'") }
        let model = try arguments.finish(positionals: 1...1, names: "MODEL")[0]
        let (classifier, _) = try ClassifierFile.read(model)
        var batch: [String] = []
        func flush() {
            for p in classifier.predict(batch, workers: workers) {
                var line = "\(p.label)\t\(String(format: "%.4f", p.probability))"
                if showAll {
                    for (label, q) in zip(classifier.labels, p.probabilities) { line += "\t\(label)=\(String(format: "%.4f", q))" }
                }
                print(line)
            }
            batch.removeAll(keepingCapacity: true)
        }
        var number = 0
        while let line = readLine() {
            number += 1
            if format == "tsv" {
                guard let tab = line.firstIndex(of: "\t") else {
                    throw RecurrentError.malformedLine(path: "-", line: number, reason: "no TAB between label and sentence (--format tsv)")
                }
                batch.append(String(line[line.index(after: tab)...]))
            } else {
                batch.append(line)
            }
            if batch.count == 256 { flush() }
        }
        flush()
        return ExitStatus.success
    }

    static func split(_ arguments: inout Arguments) throws -> Int32 {
        let dataPaths = try arguments.options("--data")
        let directoryOption = try arguments.option("--output-dir")
        let seed = try arguments.int("--seed", default: 1, range: 0...Int.max)
        let devFraction = try arguments.double("--dev-fraction", default: 0.1, range: 0...0.9)
        let testFraction = try arguments.double("--test-fraction", default: 0.1, range: 0...0.9)
        _ = try arguments.finish(positionals: 0...0, names: "")
        guard !dataPaths.isEmpty else { throw UsageError(message: "--data is required") }
        guard let directory = directoryOption else { throw UsageError(message: "--output-dir is required") }
        guard devFraction + testFraction < 1 else { throw UsageError(message: "--dev-fraction + --test-fraction must be below 1") }
        for name in ["train", "dev", "test"] {
            try CommandInputs.refuse(directory + "/" + name + ".tsv", flag: "--output-dir")
        }
        let data = try LabelledData.read(paths: dataPaths)
        try OutputTarget.prepareDirectory(directory)
        let parts = LabelledData.split(data, seed: UInt64(seed), devFraction: devFraction, testFraction: testFraction)
        for (name, part) in [("train", parts.train), ("dev", parts.dev), ("test", parts.test)] {
            try LabelledData.write(part, to: directory + "/" + name + ".tsv")
            print("\(directory)/\(name).tsv: \(part.count) sentences")
        }
        return ExitStatus.success
    }

    private static func fixed4(_ x: Double) -> String { String(format: "%.4f", x) }
    private static func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }
}

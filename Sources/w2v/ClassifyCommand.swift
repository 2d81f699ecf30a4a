import Foundation
import Corpus
import Embeddings
import Recurrent

/// `w2v classify train|eval|predict|split`: the downstream recurrent sentence classifier.
enum ClassifyCommand: CommandWithSubcommands {
    static let name = "classify"
    static let summary = "train, evaluate and run a GRU/LSTM sentence classifier on word vectors"
    static let notes = """
    Data (--data, repeatable): 'label<TAB>sentence' lines; a .pos or .neg file (one sentence
    per line, labelled by its extension: the rt-polarity layout); or a directory of them.
    """

    static let subcommands = [
        Subcommand("train", summary: "train a classifier on labelled sentences and word vectors", options: Train.options, run: train),
        Subcommand("eval", "MODEL", summary: "accuracy, per-label precision/recall/F1 and the confusion matrix on --data",
                   options: Eval.options, run: evaluate),
        Subcommand("predict", "MODEL", summary: "label each line of stdin",
                   about: """
                   Prints 'label<TAB>probability' for each line of stdin (one sentence per line).
                   """, options: Predict.options, run: predict),
        Subcommand("split", summary: "split --data into DIR/train.tsv, DIR/dev.tsv, DIR/test.tsv (seeded shuffle)",
                   options: Split.options, run: split),
    ]

    struct Train: OptionSettings {
        var vectors = RecurrentOptions.Vectors()
        var dimension: Int?
        var tokenizer = TokenizerOptions()
        var data: [String] = []
        var dev: String?
        var splitSeed = 1
        var output: String?
        var cell = CellKind.gru
        var bidirectional = false
        var layers = 1
        var hidden = 100
        var pooling = Pooling.final
        var dropout = 0.5
        var epochs = 10
        var patience = 3
        var batch = 32
        var sgd = false
        var learningRate = 0.001
        var momentum = 0.9
        var clip = 5.0
        var l2 = 0.0
        var run = RecurrentOptions.Run()

        typealias O = Option<Train>
        typealias R = RecurrentOptions
        static let options: [O] = RecurrentOptions.vectorsInput.map { $0.on(\.vectors) } + [
            .int(R.vectorsSection, "--dim", help: "required vector dimension: refuse vectors of another size", range: 1...Int.max, \.dimension),
            .flag(R.vectorsSection, "--lowercase", help: "lowercase tokens (use the options the vectors were trained with)",
                  \.tokenizer.lowercase),
            .flag(R.vectorsSection, "--strip-punctuation", help: "remove punctuation characters from tokens", \.tokenizer.stripPunctuation),
            .flag(R.vectorsSection, "--split-punctuation", help: "split tokens at punctuation characters (\"doesn't\" -> doesn t)",
                  \.tokenizer.splitPunctuation),
            .strings(R.dataSection, "--data", "PATH", help: "training data; repeatable", \.data, required: "--data is required"),
            R.output(\.output),
            R.dev(\.dev, help: """
                development data for early stopping; without it --data is split
                80/10/10 by --split-seed and the held-out 10% test part is scored
                """, required: nil),
            .int(R.dataSection, "--split-seed", "S", help: "seed of that split", range: 0...Int.max, \.splitSeed),
            R.cell(\.cell),
            .flag(R.modelSection, "--bidirectional", help: "read each sentence both ways, concatenating the states", \.bidirectional),
            R.layers(\.layers),
            R.hidden(\.hidden, range: 1...4096),
            .choice(R.modelSection, "--pool", help: "sentence vector: final state(s), or mean/max over time",
                    [("final", .final), ("mean", .mean), ("max", .max)], \.pooling),
            R.dropout(\.dropout, help: "dropout on the sentence vector"),
            R.epochs(\.epochs),
            R.patience(\.patience, measure: "dev accuracy"),
            R.batch(\.batch),
            R.optimizer(\.sgd, help: "Adam (0.9, 0.999, 1e-8) or SGD with momentum", learningRate: \.learningRate, rates: (0.001, 0.05)),
            R.learningRate(\.learningRate, range: 1e-9...10, rates: (0.001, 0.05)),
            .double(R.trainingSection, "--momentum", "M", help: "SGD momentum", range: 0...0.999, \.momentum),
            R.clip(\.clip),
            .double(R.trainingSection, "--l2", "L", help: "L2 weight decay on weight matrices", range: 0...10, \.l2),
        ] + RecurrentOptions.run(\.run, threads: "threads a batch is spread over", seed: "seed of initialisation, shuffling and dropout")
    }

    static func train(_ s: Train, _: [String]) throws -> Int32 {
        let (vectorsPath, dataPaths, output) = (s.vectors.path!, s.data, s.output!)
        let (tokenizer, quiet, randomInit, freeze) = (s.tokenizer, s.run.quiet, s.vectors.randomInit, s.vectors.freeze)
        var options = TrainingOptions()
        options.dropout = s.dropout
        options.epochs = s.epochs
        options.patience = s.patience
        options.batchSize = s.batch
        options.optimizer = s.sgd ? .sgd(momentum: s.momentum) : .adam
        options.learningRate = s.learningRate
        options.clip = s.clip
        options.l2 = s.l2
        options.seed = UInt64(s.run.seed)
        options.workers = s.run.threads
        try checkWritable(output)

        let start = Date()
        let all = try LabelledData.read(paths: dataPaths)
        let (trainData, devData, testData): ([LabelledSentence], [LabelledSentence], [LabelledSentence])
        if let devPath = s.dev {
            (trainData, devData, testData) = (all, try LabelledData.read(paths: [devPath]), [])
        } else {
            (trainData, devData, testData) = LabelledData.split(all, seed: UInt64(s.splitSeed))
        }
        // From a .bin, the train and dev tokens without a row get composed ones instead of the
        // shared unknown row; held-out test words stay unknown, as they are for `classify eval`.
        let loaded = try VectorsInput(limit: s.vectors.limit, quiet: quiet).load(vectorsPath) { vectors in
            let splitter = Tokenizer(options: tokenizer)
            return VectorsInput.lacking((trainData + devData).lazy.flatMap { splitter.tokens(in: $0.text) }) { vectors.row(of: $0) != nil }
        }
        let vectors = loaded.embeddings
        try SentenceClassifier.requireDimension(of: vectors, path: vectorsPath, expected: s.dimension)
        guard !devData.isEmpty else {
            // Early stopping and the reported accuracy would be over nothing.
            throw CommandFailure(message: "no dev sentence: the 80/10/10 split of \(all.count) sentences leaves the dev part empty; give --dev FILE or more data")
        }
        let labels = LabelledData.labels(of: trainData + devData + testData)
        guard labels.count >= 2 else { throw RecurrentError.tooFewLabels(labels: labels) }
        var classifier = SentenceClassifier(vectors: vectors, labels: labels, cell: s.cell, bidirectional: s.bidirectional,
                                            layers: s.layers, hidden: s.hidden, pooling: s.pooling,
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
        let progress = ProgressPrinter(quiet: quiet)
        var result = Trainer.train(&classifier.network, train: train, dev: dev, options: options, progress: { r in
            progress.finish(String(format: "epoch %2d  loss %.4f  train acc %.4f  dev loss %.4f  dev acc %.4f  %6.0f sentences/s  %5.1f s%@",
                                   r.epoch, r.loss, r.trainAccuracy, r.devLoss, r.devAccuracy, r.sentencesPerSecond, r.seconds,
                                   r.isBest ? "  *" : ""))
        }, batchProgress: { p in
            progress.update(String(format: "epoch %d  %5.1f%%  %.0f sentences/s  loss %.4f  ETA %@", p.epoch, 100 * p.fraction,
                                   p.unitsPerSecond, p.meanLoss, ProgressPrinter.duration(p.secondsLeft)))
        })
        var summary = "best epoch \(result.bestEpoch): dev accuracy \(fixed(result.bestDevAccuracy))"
        var provenance = ["vectors": vectorsPath, "seed": String(options.seed), "best_epoch": String(result.bestEpoch),
                          "dev_accuracy": fixed(result.bestDevAccuracy), "random_init": String(randomInit),
                          "frozen": String(freeze), "data": dataPaths.joined(separator: ",")]
        if !testData.isEmpty {
            let test = try classifier.evaluate(testData, workers: options.workers)
            summary += "; test accuracy \(fixed(test.accuracy)) (\(test.count) held-out sentences, split seed \(s.splitSeed))"
            provenance["test_accuracy"] = fixed(test.accuracy)
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

    struct Eval: OptionSettings {
        var data: [String] = []
        var threads = ProcessInfo.processInfo.activeProcessorCount

        static let options: [Option<Eval>] = [
            .strings(RecurrentOptions.optionsSection, "--data", "PATH", help: "labelled data to score; repeatable", \.data, required: "--data is required"),
            RecurrentOptions.threads(\.threads, help: "threads the sentences are spread over", section: RecurrentOptions.optionsSection),
        ]
    }

    static func evaluate(_ s: Eval, _ positionals: [String]) throws -> Int32 {
        let (classifier, _) = try ClassifierFile.read(positionals[0])
        let data = try LabelledData.read(paths: s.data)
        let e = try classifier.evaluate(data, workers: s.threads)
        print("sentences \(e.count)  accuracy \(fixed(e.accuracy))  macro-F1 \(fixed(e.macroF1))")
        let width = max(8, (e.labels.map(\.count).max() ?? 0) + 2)
        print("label".padding(toLength: width, withPad: " ", startingAt: 0) + "precision  recall     F1         support")
        for (i, label) in e.labels.enumerated() {
            print(label.padding(toLength: width, withPad: " ", startingAt: 0)
                  + [e.precision(i), e.recall(i), e.f1(i)].map { fixed($0).padding(toLength: 11, withPad: " ", startingAt: 0) }.joined()
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

    struct Predict: OptionSettings {
        var threads = ProcessInfo.processInfo.activeProcessorCount
        var probabilities = false
        var tsv = false

        static let options: [Option<Predict>] = [
            RecurrentOptions.threads(\.threads, help: "threads the sentences are spread over", section: RecurrentOptions.optionsSection),
            .flag(RecurrentOptions.optionsSection, "--probabilities", help: """
                append every label's probability ('<TAB>label=p', in the model's
                label order)
                """, \.probabilities),
            .choice(RecurrentOptions.optionsSection, "--format", help: """
                text: one sentence per line; tsv: 'label<TAB>sentence' lines (a
                labelled data file), the label ignored
                """, [("text", false), ("tsv", true)], \.tsv),
        ]
    }

    static func predict(_ s: Predict, _ positionals: [String]) throws -> Int32 {
        let (workers, showAll) = (s.threads, s.probabilities)
        let (classifier, _) = try ClassifierFile.read(positionals[0])
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
            if s.tsv {
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

    struct Split: OptionSettings {
        var data: [String] = []
        var directory: String?
        var seed = 1
        var devFraction = 0.1
        var testFraction = 0.1

        static let options: [Option<Split>] = [
            .strings(RecurrentOptions.optionsSection, "--data", "PATH", help: "labelled data; repeatable", \.data, required: "--data is required"),
            .string(RecurrentOptions.optionsSection, "--output-dir", "DIR", help: "where train.tsv, dev.tsv and test.tsv are written",
                    \.directory, required: "--output-dir is required"),
            RecurrentOptions.seed(\.seed, help: "seed of the shuffle", section: RecurrentOptions.optionsSection),
            .double(RecurrentOptions.optionsSection, "--dev-fraction", "F", help: "share of the sentences in dev.tsv", range: 0...0.9, \.devFraction),
            .double(RecurrentOptions.optionsSection, "--test-fraction", "F", help: "share of the sentences in test.tsv", range: 0...0.9,
                    \.testFraction),
        ]
    }

    static func split(_ s: Split, _: [String]) throws -> Int32 {
        let (dataPaths, directory, seed, devFraction, testFraction) = (s.data, s.directory!, s.seed, s.devFraction, s.testFraction)
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
}

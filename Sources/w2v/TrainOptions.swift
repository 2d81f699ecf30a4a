import Corpus
import SkipGram

/// What the input, corpus and training options of `w2v train` fill in before the corpus is read.
struct TrainSettings {
    var input = InputOptions()
    var idsOnDisk = false
    var configuration = TrainingConfiguration()
    var corpus = CorpusOptions()
}

/// The input, corpus and training options of `w2v train`, declared once as a table of
/// `Option`s: `TrainOption.all`. `w2v train --help`, the parsing, the validation messages and
/// the resume check are all generated from it. To add an option, add one entry (and the field
/// it sets).
enum TrainOption {
    typealias Entry = Option<TrainSettings>

    /// The help section the option is listed in.
    enum Section: String, CaseIterable {
        case input = "Input, vocabulary and continued training:"
        case corpus = "Corpus:"
        case training = "Training (word2vec.c flag in brackets):"
    }
}

extension TrainSettings: OptionSettings {}

extension TrainOption {
    /// Every corpus and training option, in help order.
    static let all: [Entry] = [
        flag(.input, "--recursive", aliases: ["-r"], help: "also read the files in subdirectories of a directory",
             \.input.recursive, resumable: true),
        string(.input, "--save-vocab", "FILE", help: "write the vocabulary, one 'word count' line per word (word2vec.c format)",
               \.input.saveVocabulary, word2vec: "-save-vocab", resumable: true),
        string(.input, "--read-vocab", "FILE", help: """
            take the vocabulary (and its counts) from FILE instead of counting;
            corpus words not in it are dropped and counted
            """, \.input.readVocabulary, word2vec: "-read-vocab"),
        int(.input, "--phrases", help: """
            join frequent bigrams (new york -> new_york) with N word2phrase passes
            before training (threshold 100, min-count as --min-count)
            """, range: 0...10, \.input.phrasePasses, defaultText: "0"),
        string(.input, "--continue", "CHECKPOINT", help: """
            start from that run's W and C: its vocabulary is merged with the new
            corpus's (old words keep their rows, counts add; new words reaching
            --min-count get fresh rows); fresh learning-rate schedule
            """, \.input.continuePath),
        int(.corpus, "--min-count", help: "drop words seen fewer than N times", range: 1...Int.max, \.corpus.minCount,
            word2vec: "-min-count"),
        Entry.int(Section.corpus.rawValue, "--max-vocab", help: "keep only the N most frequent words", range: 1...Int.max,
                  \.corpus.maxVocabulary),
        custom(.corpus, "--max-vocab-memory", placeholder: "SIZE", help: """
            bound the memory for counting distinct tokens (e.g. 2G, 500M): rare
            tokens are pruned while counting (word2vec.c's ReduceVocab) and the
            counts become approximate (default: 21M distinct tokens, about 2G)
            """, defaultText: nil) { arguments, settings in
            guard let text = try arguments.option("--max-vocab-memory") else { return }
            guard let bytes = TrainCommand.parseSize(text), bytes >= 1 << 20 else {
                throw UsageError(message: "--max-vocab-memory expects a size of at least 1M such as 500M or 2G, got '\(text)'")
            }
            settings.corpus.maxVocabularyEntries = CorpusOptions.maxVocabularyEntries(memory: bytes)
        },
        flag(.corpus, "--ids-on-disk", help: """
            keep the encoded corpus (4 bytes per token) in a memory-mapped
            temporary file next to --output instead of in memory (automatic when
            the corpus file is larger than a quarter of physical memory)
            """, \.idsOnDisk, resumable: true),
        flag(.corpus, "--lowercase", help: "lowercase tokens (Unicode-aware)", \.corpus.tokenizer.lowercase),
        flag(.corpus, "--strip-punctuation", help: "remove punctuation characters from tokens", \.corpus.tokenizer.stripPunctuation),
        flag(.corpus, "--split-punctuation", help: """
            treat punctuation characters as token separators
            ("doesn't" -> doesn t, as in text8-style corpora)
            """, \.corpus.tokenizer.splitPunctuation),
        // Before --alpha and --noise-power: the model and --subwords set their defaults, which
        // those options then override.
        custom(.training, "--model", placeholder: "skipgram|cbow", help: """
            skipgram: each context word predicts the centre word; cbow: the mean
            of the context predicts it (default alpha 0.05 then)
            """, defaultText: "skipgram", word2vec: "-cbow") { arguments, settings in
            guard let text = try arguments.option("--model") else { return }
            guard let kind = TrainingConfiguration.ModelKind(rawValue: text) else {
                throw UsageError(message: "--model must be skipgram or cbow, got '\(text)'")
            }
            settings.configuration.model = kind
            settings.configuration.alpha = kind.defaultAlpha
        },
        custom(.training, "--loss", placeholder: "ns|hs", help: """
            ns: negative sampling (--negative noise words per prediction); hs:
            hierarchical softmax over the Huffman tree of the counts
            """, defaultText: "ns", word2vec: "-hs, fastText -loss") { arguments, settings in
            guard let text = try arguments.option("--loss") else { return }
            guard let kind = TrainingConfiguration.LossKind(rawValue: text) else {
                throw UsageError(message: "--loss must be ns or hs, got '\(text)'")
            }
            settings.configuration.loss = kind
        },
        custom(.training, "--subwords", placeholder: "MIN-MAX", help: """
            also train character n-grams of MIN to MAX code points (fastText's
            -minn/-maxn, e.g. 3-6): a word's vector is the mean of its own row and
            its n-grams' rows, so words never seen get vectors too
            """, defaultText: "off") { arguments, settings in
            guard let text = try arguments.option("--subwords") else { return }
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            let limit = TrainingConfiguration.maxSubwordLength
            guard parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]) else {
                throw UsageError(message: "--subwords expects MIN-MAX n-gram lengths such as 3-6, got '\(text)'")
            }
            guard (1...limit).contains(low), (1...limit).contains(high) else {
                throw UsageError(message: "--subwords lengths must be between 1 and \(limit) code points, got '\(text)'")
            }
            guard low <= high else {
                throw UsageError(message: "--subwords expects MIN no greater than MAX, got '\(text)'")
            }
            settings.configuration.subwords = low...high
            settings.configuration.noisePower = TrainingConfiguration.subwordNoisePower
            settings.configuration.update = TrainingConfiguration.subwordUpdate
        },
        int(.training, "--buckets", help: "rows the n-grams are hashed into, with --subwords", field: .buckets,
            \.configuration.buckets, word2vec: "fastText -bucket"),
        int(.training, "--dim", aliases: ["--size"], help: "vector size", field: .dimension, \.configuration.dimension, word2vec: "-size"),
        int(.training, "--window", help: "maximum context radius, sampled uniformly in 1...N", field: .window,
            \.configuration.window, word2vec: "-window"),
        int(.training, "--negative", help: "negative samples per pair", field: .negative, \.configuration.negative, word2vec: "-negative"),
        double(.training, "--noise-power", "P", help: "exponent of the counts in the noise distribution (0.5 with --subwords, fastText's)",
               field: .noisePower, \.configuration.noisePower, word2vec: "gensim ns_exponent; fastText: 0.5"),
        double(.training, "--sample", "T", help: "subsampling threshold, 0 disables", field: .sample, \.configuration.sample, word2vec: "-sample"),
        double(.training, "--alpha", "A", help: "starting learning rate", field: .alpha, \.configuration.alpha, word2vec: "-alpha"),
        int(.training, "--epochs", aliases: ["--iter"], help: "passes over the corpus", field: .epochs, \.configuration.epochs, word2vec: "-iter"),
        int(.training, "--threads", help: "worker threads", field: .threads, \.configuration.threads, word2vec: "-threads",
            defaultText: "all cores"),
        custom(.training, "--seed", placeholder: "S",
               help: "random seed; with --threads 1 runs are reproducible", defaultText: "1") { arguments, settings in
            guard let text = try arguments.option("--seed") else { return }
            guard let seed = UInt64(text) else {
                throw UsageError(message: "--seed expects a whole number from 0 to \(UInt64.max), got '\(text)'")
            }
            settings.configuration.seed = seed
        },
        custom(.training, "--batch", placeholder: "on|off",
               help: "on: pWord2Vec's batched update (default); off: word2vec.c's per-pair order (default with --subwords, fastText's)",
               defaultText: nil) { arguments, settings in
            switch try arguments.option("--batch") ?? (settings.configuration.update == .batched ? "on" : "off") {
            case "on": settings.configuration.update = .batched
            case "off": settings.configuration.update = .perPair
            case let other: throw UsageError(message: "--batch must be on or off, got '\(other)'")
            }
        },
    ]

    /// The option that sets `field`.
    static func option(for field: TrainingConfiguration.Field) -> Entry? {
        all.first { $0.field == field.rawValue }
    }

    /// The help of every option of `section`, in the layout of the other help texts.
    static func help(_ section: Section) -> String {
        Entry.help(all.filter { $0.section == section.rawValue }, leading: [Section.input.rawValue: InputOptions.positionalHelp],
                   width: nil)
    }

    /// Reads the options of `sections` into `settings` (whose values stand for the options not
    /// given: the defaults, or with `--continue` the earlier run's) and checks them; with the
    /// training section, validates the configuration, reporting the library's error (which
    /// names a field) with the option's name.
    static func parse(_ arguments: inout Arguments, _ sections: [Section], into settings: inout TrainSettings) throws {
        try Entry.parse(all.filter { option in sections.contains { $0.rawValue == option.section } }, &arguments, into: &settings)
        if sections.contains(.input) { try settings.input.validate() }
        guard sections.contains(.training) else { return }
        do { try settings.configuration.validate() } catch SkipGramError.invalidConfiguration(let field, let value, let allowed) {
            let name = option(for: field)?.name ?? field.rawValue
            throw UsageError(message: "\(name) \(SkipGramError.rangeText(value: value, allowed: allowed))")
        }
    }

    /// Refuses, with `--resume`, every option a checkpoint fixes.
    static func refuseFixed(_ arguments: inout Arguments) throws {
        for option in all where !option.resumable {
            if try option.isGiven(in: &arguments) {
                throw UsageError(message: "\(option.name) cannot be \(option.section == Section.input.rawValue ? "used" : "changed") with --resume: the checkpoint fixes the corpus options and the training configuration")
            }
        }
    }

    // MARK: Entries for the common kinds of option (the help shows no range: the library's)

    /// An option read by `read`.
    static func custom(_ section: Section, _ name: String, placeholder: String, help: String, defaultText: String?,
                       word2vec: String? = nil, read: @escaping @Sendable (inout Arguments, inout TrainSettings) throws -> Void) -> Entry {
        Entry(section: section.rawValue, name: name, placeholder: placeholder, help: help, defaultText: defaultText,
              bracket: word2vec, read: read)
    }

    /// A whole-number option; its range is the library's for `field`, else `range`.
    static func int(_ section: Section, _ name: String, aliases: [String] = [], _ placeholder: String = "N", help: String,
                    field: TrainingConfiguration.Field? = nil, range: ClosedRange<Int>? = nil,
                    _ keyPath: any WritableKeyPath<TrainSettings, Int> & Sendable, word2vec: String? = nil, defaultText: String? = nil) -> Entry {
        let allowed = range ?? field.map { TrainingConfiguration.allowed($0) }.map { Int($0.lowerBound)...Int($0.upperBound) } ?? Int.min...Int.max
        return Entry.int(section.rawValue, name, aliases: aliases, placeholder, help: help, range: allowed, showsRange: false, keyPath,
                         bracket: word2vec, defaultText: defaultText, field: field?.rawValue)
    }

    /// A decimal option; its range is the library's for `field`.
    static func double(_ section: Section, _ name: String, _ placeholder: String, help: String, field: TrainingConfiguration.Field,
                       _ keyPath: any WritableKeyPath<TrainSettings, Double> & Sendable, word2vec: String? = nil) -> Entry {
        Entry.double(section.rawValue, name, placeholder, help: help, range: TrainingConfiguration.allowed(field), showsRange: false,
                     keyPath, bracket: word2vec, defaultText: "\(TrainSettings()[keyPath: keyPath])", field: field.rawValue)
    }

    /// A flag without a value (given, it sets the setting; absent, it leaves it).
    static func flag(_ section: Section, _ name: String, aliases: [String] = [], help: String,
                     _ keyPath: any WritableKeyPath<TrainSettings, Bool> & Sendable, resumable: Bool = false) -> Entry {
        Entry.flag(section.rawValue, name, aliases: aliases, help: help, keyPath, resumable: resumable)
    }

    /// An option whose value is a path or name, kept as given.
    static func string(_ section: Section, _ name: String, _ placeholder: String, help: String,
                       _ keyPath: any WritableKeyPath<TrainSettings, String?> & Sendable, word2vec: String? = nil,
                       resumable: Bool = false) -> Entry {
        Entry.string(section.rawValue, name, placeholder, help: help, keyPath, bracket: word2vec, resumable: resumable)
    }
}

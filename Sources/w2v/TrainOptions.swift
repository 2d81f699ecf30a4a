import Corpus
import SkipGram

/// What the input, corpus and training options of `w2v train` fill in before the corpus is read.
struct TrainSettings {
    var input = InputOptions()
    var idsOnDisk = false
    var configuration = TrainingConfiguration()
    var corpus = CorpusOptions()
}

/// One input, corpus or training option of `w2v train`, declared once: its name, help line, default,
/// allowed range, word2vec.c flag and whether `--resume` may change it. `TrainOption.all` is
/// the table; `w2v train --help`, the parsing, the validation messages and the resume check are
/// all generated from it. To add an option, add one entry (and the field it sets).
struct TrainOption: Sendable {
    /// The help section the option is listed in.
    enum Section: String, CaseIterable {
        case input = "Input, vocabulary and continued training:"
        case corpus = "Corpus:"
        case training = "Training (word2vec.c flag in brackets):"
    }

    let section: Section
    let name: String
    var aliases: [String] = []
    /// The value's placeholder in the help ("N"); nil for a flag without a value.
    let placeholder: String?
    /// The help text; "\n" starts a continuation line.
    let help: String
    /// The default as the help shows it, nil to show none.
    let defaultText: String?
    /// word2vec.c's name for it, shown in brackets.
    var word2vecFlag: String? = nil
    /// False when a checkpoint fixes the value, so `--resume` refuses the option.
    var resumable: Bool = false
    /// The library field the option sets, so that the library's validation error (which names
    /// the field) can be reported with the option's name.
    var field: TrainingConfiguration.Field? = nil
    /// Removes the option from `arguments` and stores its value in `settings`.
    let read: @Sendable (inout Arguments, inout TrainSettings) throws -> Void

    /// True when `arguments` holds this option (removing it).
    func isGiven(in arguments: inout Arguments) throws -> Bool {
        placeholder == nil ? arguments.flag(name, aliases: aliases) : try arguments.option(name, aliases: aliases) != nil
    }
}

extension TrainOption {
    /// Every corpus and training option, in help order.
    static let all: [TrainOption] = [
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
        TrainOption(section: .corpus, name: "--max-vocab", placeholder: "N", help: "keep only the N most frequent words",
                    defaultText: nil, word2vecFlag: nil) { arguments, settings in
            guard let text = try arguments.option("--max-vocab") else { return }
            guard let n = Int(text), n > 0 else { throw UsageError(message: "--max-vocab expects a positive whole number, got '\(text)'") }
            settings.corpus.maxVocabulary = n
        },
        TrainOption(section: .corpus, name: "--max-vocab-memory", placeholder: "SIZE", help: """
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
        // Before --alpha: the model sets the default learning rate, which --alpha then overrides.
        TrainOption(section: .training, name: "--model", placeholder: "skipgram|cbow", help: """
            skipgram: each context word predicts the centre word; cbow: the mean
            of the context predicts it (default alpha 0.05 then)
            """, defaultText: "skipgram", word2vecFlag: "-cbow") { arguments, settings in
            guard let text = try arguments.option("--model") else { return }
            guard let kind = TrainingConfiguration.ModelKind(rawValue: text) else {
                throw UsageError(message: "--model must be skipgram or cbow, got '\(text)'")
            }
            settings.configuration.model = kind
            settings.configuration.alpha = kind.defaultAlpha
        },
        TrainOption(section: .training, name: "--subwords", placeholder: "MIN-MAX", help: """
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
        },
        int(.training, "--buckets", help: "rows the n-grams are hashed into, with --subwords", field: .buckets,
            \.configuration.buckets, word2vec: "fastText -bucket"),
        int(.training, "--dim", aliases: ["--size"], help: "vector size", field: .dimension, \.configuration.dimension, word2vec: "-size"),
        int(.training, "--window", help: "maximum context radius, sampled uniformly in 1...N", field: .window,
            \.configuration.window, word2vec: "-window"),
        int(.training, "--negative", help: "negative samples per pair", field: .negative, \.configuration.negative, word2vec: "-negative"),
        double(.training, "--sample", "T", help: "subsampling threshold, 0 disables", field: .sample, \.configuration.sample, word2vec: "-sample"),
        double(.training, "--alpha", "A", help: "starting learning rate", field: .alpha, \.configuration.alpha, word2vec: "-alpha"),
        int(.training, "--epochs", aliases: ["--iter"], help: "passes over the corpus", field: .epochs, \.configuration.epochs, word2vec: "-iter"),
        int(.training, "--threads", help: "worker threads", field: .threads, \.configuration.threads, word2vec: "-threads",
            defaultText: "all cores"),
        TrainOption(section: .training, name: "--seed", placeholder: "S",
                    help: "random seed; with --threads 1 runs are reproducible", defaultText: "1") { arguments, settings in
            guard let text = try arguments.option("--seed") else { return }
            guard let seed = UInt64(text) else {
                throw UsageError(message: "--seed expects a whole number from 0 to \(UInt64.max), got '\(text)'")
            }
            settings.configuration.seed = seed
        },
        TrainOption(section: .training, name: "--batch", placeholder: "on|off",
                    help: "on: pWord2Vec's batched update (default); off: word2vec.c's per-pair order",
                    defaultText: nil) { arguments, settings in
            switch try arguments.option("--batch") ?? (settings.configuration.update == .batched ? "on" : "off") {
            case "on": settings.configuration.update = .batched
            case "off": settings.configuration.update = .perPair
            case let other: throw UsageError(message: "--batch must be on or off, got '\(other)'")
            }
        },
    ]

    /// The option that sets `field`.
    static func option(for field: TrainingConfiguration.Field) -> TrainOption? {
        all.first { $0.field == field }
    }

    /// The help of every option of `section`, in the layout of the other help texts.
    static func help(_ section: Section) -> String {
        var lines = [section.rawValue] + (section == .input ? InputOptions.positionalHelp : [])
        for option in all where option.section == section {
            let head = "  " + option.name + (option.placeholder.map { " " + $0 } ?? "")
            var text = option.help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var suffix = option.defaultText.map { " (default \($0))" } ?? ""
            if let flag = option.word2vecFlag { suffix += " [\(flag)]" }
            text[text.count - 1] += suffix
            if head.count <= 24 {
                lines.append(head.padding(toLength: 25, withPad: " ", startingAt: 0) + text[0])
                text.removeFirst()
            } else {
                lines.append(head)
            }
            lines += text.map { String(repeating: " ", count: 25) + $0 }
        }
        return lines.joined(separator: "\n")
    }

    /// Reads the options of `sections` into `settings` (whose values stand for the options not
    /// given: the defaults, or with `--continue` the earlier run's) and checks them; with the
    /// training section, validates the configuration, reporting the library's error (which
    /// names a field) with the option's name.
    static func parse(_ arguments: inout Arguments, _ sections: [Section], into settings: inout TrainSettings) throws {
        for option in all where sections.contains(option.section) { try option.read(&arguments, &settings) }
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
                throw UsageError(message: "\(option.name) cannot be \(option.section == .input ? "used" : "changed") with --resume: the checkpoint fixes the corpus options and the training configuration")
            }
        }
    }

    // MARK: Entries for the common kinds of option

    /// A whole-number option; its range is the library's for `field`, else `range`.
    static func int(_ section: Section, _ name: String, aliases: [String] = [], _ placeholder: String = "N", help: String,
                    field: TrainingConfiguration.Field? = nil, range: ClosedRange<Int>? = nil,
                    _ keyPath: any WritableKeyPath<TrainSettings, Int> & Sendable, word2vec: String? = nil, defaultText: String? = nil) -> TrainOption {
        let allowed = range ?? field.map { TrainingConfiguration.allowed($0) }.map { Int($0.lowerBound)...Int($0.upperBound) } ?? Int.min...Int.max
        let initial = TrainSettings()[keyPath: keyPath]
        return TrainOption(section: section, name: name, aliases: aliases, placeholder: placeholder, help: help,
                           defaultText: defaultText ?? String(initial), word2vecFlag: word2vec, field: field) { arguments, settings in
            settings[keyPath: keyPath] = try arguments.int(name, aliases: aliases, default: settings[keyPath: keyPath], range: allowed)
        }
    }

    /// A decimal option; its range is the library's for `field`.
    static func double(_ section: Section, _ name: String, _ placeholder: String, help: String, field: TrainingConfiguration.Field,
                       _ keyPath: any WritableKeyPath<TrainSettings, Double> & Sendable, word2vec: String? = nil) -> TrainOption {
        let initial = TrainSettings()[keyPath: keyPath]
        return TrainOption(section: section, name: name, placeholder: placeholder, help: help,
                           defaultText: "\(initial)", word2vecFlag: word2vec, field: field) { arguments, settings in
            settings[keyPath: keyPath] = try arguments.double(name, default: settings[keyPath: keyPath], range: TrainingConfiguration.allowed(field))
        }
    }

    /// A flag without a value (given, it sets the setting; absent, it leaves it).
    static func flag(_ section: Section, _ name: String, aliases: [String] = [], help: String,
                     _ keyPath: any WritableKeyPath<TrainSettings, Bool> & Sendable, resumable: Bool = false) -> TrainOption {
        TrainOption(section: section, name: name, aliases: aliases, placeholder: nil, help: help, defaultText: nil,
                    resumable: resumable) { arguments, settings in
            if arguments.flag(name, aliases: aliases) { settings[keyPath: keyPath] = true }
        }
    }

    /// An option whose value is a path or name, kept as given.
    static func string(_ section: Section, _ name: String, _ placeholder: String, help: String,
                       _ keyPath: any WritableKeyPath<TrainSettings, String?> & Sendable, word2vec: String? = nil,
                       resumable: Bool = false) -> TrainOption {
        TrainOption(section: section, name: name, placeholder: placeholder, help: help, defaultText: nil,
                    word2vecFlag: word2vec, resumable: resumable) { arguments, settings in
            if let value = try arguments.option(name) { settings[keyPath: keyPath] = value }
        }
    }
}

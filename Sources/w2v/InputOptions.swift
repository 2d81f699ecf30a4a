import Corpus
import Embeddings

/// The corpus-side options of `train`: the inputs (positional paths: files, `.gz` files,
/// directories, `-` for standard input; `--recursive`), vocabulary files, phrase passes and
/// continued training. Parsed in one place (`parse`), the paths by `Arguments.finish`.
struct InputOptions {
    var paths: [String] = []
    var recursive = false
    /// `--save-vocab FILE`: write the vocabulary as word2vec.c does.
    var saveVocabulary: String?
    /// `--read-vocab FILE`: take the vocabulary from this file, skip counting.
    var readVocabulary: String?
    /// `--phrases N`: word2phrase passes over the corpus before training.
    var phrasePasses = 0
    /// `--continue CHECKPOINT`: continue training that run on the new corpus.
    var continuePath: String?

    /// The help lines for these options.
    static let help = """
      CORPUS...              text files, .gz files (decompressed while reading), directories
                             (their regular files in sorted order) or - for standard input;
                             read in order, each file ending a sentence
      --recursive            also read the files in subdirectories of a directory
      --save-vocab FILE      write the vocabulary, one 'word count' line per word (word2vec.c format)
      --read-vocab FILE      take the vocabulary (and its counts) from FILE instead of counting;
                             corpus words not in it are dropped and counted
      --phrases N            join frequent bigrams (new york -> new_york) with N word2phrase passes
                             before training (threshold 100, min-count as --min-count)
      --continue CHECKPOINT  start from that run's W and C: its vocabulary is merged with the new
                             corpus's (old words keep their rows, counts add; new words reaching
                             --min-count get fresh rows); fresh learning-rate schedule
    """

    /// Options that a resumed run cannot take (the checkpoint fixes the corpus).
    static let notOnResume = ["--read-vocab", "--phrases", "--continue"]

    /// Reads every option above except the positional paths.
    static func parse(_ arguments: inout Arguments) throws -> InputOptions {
        var options = InputOptions()
        options.recursive = arguments.flag("--recursive", aliases: ["-r"])
        options.saveVocabulary = try arguments.option("--save-vocab")
        options.readVocabulary = try arguments.option("--read-vocab")
        options.phrasePasses = try arguments.int("--phrases", default: 0, range: 0...10)
        options.continuePath = try arguments.option("--continue")
        if options.readVocabulary != nil && options.phrasePasses > 0 {
            throw UsageError(message: "--read-vocab and --phrases cannot be combined: phrases would create words the vocabulary file lacks")
        }
        if options.readVocabulary != nil && options.continuePath != nil {
            throw UsageError(message: "--read-vocab and --continue cannot be combined: --continue merges the checkpoint's vocabulary with the new corpus's counts")
        }
        return options
    }

    var input: CorpusInput { CorpusInput(paths: paths, recursive: recursive) }

    /// Refuses an output that is one of the input files (it would be overwritten).
    static func refuseOverwrite(_ output: String, files: [SourceFile], option: String) throws {
        try refuseOutput(output, flag: option, over: files.filter { !$0.isStandardInput }.map { (role: "corpus", path: $0.path) })
    }

    /// Writes `vocabulary` to `saveVocabulary` (atomically), if asked.
    func saveVocabularyIfAsked(_ vocabulary: Vocabulary) throws {
        guard let saveVocabulary else { return }
        let file = try AtomicFileWriter(path: saveVocabulary) // discarded on error by its deinit
        try file.write(vocabulary.fileBytes())
        try file.commit()
    }
}

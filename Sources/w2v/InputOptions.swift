import Corpus
import Embeddings

/// The corpus-side options of `train`: the inputs (positional paths: files, `.gz` files,
/// directories, `-` for standard input; `--recursive`), vocabulary files, phrase passes and
/// continued training. The options are declared (help, parsing, resume check) in
/// `TrainOption.all`; the paths are read by `Arguments.finish`.
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

    /// The help lines for the positional paths (the options' lines come from `TrainOption.all`).
    static let positionalHelp = [
        "  CORPUS...              text files, .gz files (decompressed while reading), directories",
        "                         (their regular files in sorted order) or - for standard input;",
        "                         read in order, each file ending a sentence",
    ]

    /// Refuses combinations of these options that cannot work together.
    func validate() throws {
        if readVocabulary != nil && phrasePasses > 0 {
            throw UsageError(message: "--read-vocab and --phrases cannot be combined: phrases would create words the vocabulary file lacks")
        }
        if readVocabulary != nil && continuePath != nil {
            throw UsageError(message: "--read-vocab and --continue cannot be combined: --continue merges the checkpoint's vocabulary with the new corpus's counts")
        }
    }

    var input: CorpusInput { CorpusInput(paths: paths, recursive: recursive) }

    /// Writes `vocabulary` to `saveVocabulary` (atomically), if asked.
    func saveVocabularyIfAsked(_ vocabulary: Vocabulary) throws {
        guard let saveVocabulary else { return }
        let file = try AtomicFileWriter(path: saveVocabulary) // discarded on error by its deinit
        try file.write(vocabulary.fileBytes())
        try file.commit()
    }
}

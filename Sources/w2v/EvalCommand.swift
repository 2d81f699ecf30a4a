import Foundation
import Embeddings

/// `w2v eval`: analogy accuracy and word-pair correlations, with gensim 4.4's rules.
enum EvalCommand: Command {
    static let name = "eval"
    static let summary = "analogy accuracy and word-similarity correlation (gensim-compatible)"
    static let help = """
    usage: w2v eval VECTORS [--analogies FILE] [--similarity FILE]... [options]

    Scores vectors as gensim 4.4's evaluate_word_analogies and evaluate_word_pairs do, with the
    same covered and skipped counts: only the first --restrict-vocab rows count; words are
    upper-cased on both sides (the first row wins among case variants); a question or pair with
    an unknown word is skipped; the answer is the best 3CosAdd word other than the question words.
    Without --analogies or --similarity: corpora/eval/questions-words.txt, wordsim353.tsv and
    simlex999.txt.

      --analogies FILE           questions-words.txt format (': section' lines, then 'a b c d')
      --similarity FILE          'word1<TAB>word2<TAB>score' lines, '#' comments (repeatable)
      --restrict-vocab N         rows used for analogies (default 30000, as usually reported)
      --pairs-restrict-vocab N   rows used for word pairs (default 300000, gensim's default)
      --case-sensitive           match words exactly (gensim case_insensitive=False)
      --dummy4unknown            count unknown questions as wrong and unknown pairs as
                                 similarity 0, instead of skipping them (gensim's option)
      --details                  with --json: every question with the predicted word
      --oov skip|subwords        skip (default): pairs with an unknown word are skipped, as
                                 gensim; subwords: VECTORS must be a fastText .bin, and the
                                 pairs' unknown words get vectors composed from their n-grams
                                 (fastText's evaluation; run both to report both)
    \(QueryOptions.help)
    """

    struct Output: Encodable {
        let analogies: Embeddings.AnalogyEvaluation?
        let wordPairs: [Embeddings.WordPairEvaluation]
    }

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        var analogiesPath = try arguments.option("--analogies")
        var pairPaths = try arguments.options("--similarity")
        let restrict = try arguments.int("--restrict-vocab", default: 30_000, range: 1...Int.max)
        let pairsRestrict = try arguments.int("--pairs-restrict-vocab", default: 300_000, range: 1...Int.max)
        let caseSensitive = arguments.flag("--case-sensitive")
        let dummy = arguments.flag("--dummy4unknown")
        let details = arguments.flag("--details")
        let oov = try arguments.option("--oov") ?? "skip"
        guard oov == "skip" || oov == "subwords" else { throw UsageError(message: "--oov must be skip or subwords, got '\(oov)'") }
        let options = try QueryOptions.parse(&arguments)
        let positionals = try arguments.finish(positionals: 1...1, names: "VECTORS")
        if analogiesPath == nil && pairPaths.isEmpty {
            analogiesPath = try DataFiles.locate("eval/questions-words.txt", option: "--analogies")
            pairPaths = try ["eval/wordsim353.tsv", "eval/simlex999.txt"].map { try DataFiles.locate($0, option: "--similarity") }
        }
        let loaded = try options.loadResult(positionals[0])
        var pairVectors = loaded.embeddings
        var composed = 0
        if oov == "subwords" {
            guard let model = loaded.model else {
                throw UsageError(message: "--oov subwords needs a fastText .bin model (w2v train --save-model, or fastText's own), not \(loaded.format.rawValue) vectors")
            }
            // The first --pairs-restrict-vocab words keep their rows; every other pair word is composed.
            let words = try pairPaths.flatMap { try pairWords(path: $0) }
            let kept = min(pairsRestrict, options.limit ?? Int.max)
            pairVectors = model.embeddings(limit: kept, including: words)
            composed = pairVectors.count - min(kept, model.words.count)
        }
        let embeddings = loaded.embeddings
        let start = ContinuousClock.now
        let analogies = try analogiesPath.map {
            try embeddings.evaluateAnalogies(path: $0, restrictVocab: restrict, caseInsensitive: !caseSensitive,
                                             dummy4unknown: dummy, details: details && options.json)
        }
        let pairs = try pairPaths.map {
            try pairVectors.evaluateWordPairs(path: $0, restrictVocab: oov == "subwords" ? Int.max : pairsRestrict,
                                              caseInsensitive: !caseSensitive, dummy4unknown: dummy)
        }
        if options.timing { printError("timing: evaluation in \(milliseconds(start.duration(to: .now))) ms") }
        // A correlation that is 0/0 measured nothing: the answer is printed, the run fails.
        let undefined = pairs.first { $0.undefinedReason != nil }.map {
            CommandFailure(message: "\($0.file): Spearman and Pearson are undefined: \($0.undefinedReason!)")
        }
        if options.json {
            try printJSON(Output(analogies: analogies, wordPairs: pairs))
            if let undefined { throw undefined }
            return ExitStatus.success
        }
        if let analogies {
            print("analogies: \(analogies.file) (first \(analogies.restrictVocab) words, "
                + (analogies.caseInsensitive ? "case-insensitive" : "case-sensitive") + ")")
            let width = max(16, analogies.sections.map(\.name.count).max() ?? 0)
            for section in analogies.sections + [analogies.total] {
                print("  \(padded(section.name, width))  \(fixed(100 * section.accuracy, 1).leftPadded(5))%  "
                    + "\(section.correct)/\(section.correct + section.incorrect)")
            }
            print("  questions \(analogies.questions): covered \(analogies.covered), skipped \(analogies.skipped) "
                + "(\(fixed(analogies.oovRatio, 1))% with unknown words)"
                + (analogies.dummy4unknown ? ", unknown ones counted wrong" : "")
                + (analogies.invalidLines > 0 ? ", \(analogies.invalidLines) invalid lines ignored" : ""))
        }
        if oov == "subwords" { print("word pairs: \(composed) word\(composed == 1 ? "" : "s") outside the vocabulary composed from character n-grams") }
        for result in pairs {
            print("word pairs: \(result.file): Spearman \(result.spearman.isNaN ? "undefined" : fixed(result.spearman)), "
                + "Pearson \(result.pearson.isNaN ? "undefined" : fixed(result.pearson)), "
                + "\(result.pairs) pairs, \(result.skipped) skipped (\(fixed(result.oovRatio, 1))% with unknown words)")
        }
        if let undefined { throw undefined }
        return ExitStatus.success
    }
}

/// Both words of every 'word1<TAB>word2<TAB>score' line of a word-pair file (comments skipped).
func pairWords(path: String) throws -> [String] {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw CommandFailure(message: "\(path): cannot read the word-pair file (missing or unreadable)")
    }
    return String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).flatMap { line -> [String] in
        guard !line.hasPrefix("#") else { return [] }
        return line.split(separator: "\t", omittingEmptySubsequences: false).prefix(2).map(String.init)
    }
}

extension String {
    /// The string right-aligned in `width` characters.
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

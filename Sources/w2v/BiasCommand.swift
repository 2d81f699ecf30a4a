import Embeddings

/// `w2v bias`: projections on a gender (or other) direction and DirectBias (Bolukbasi et al. 2016).
enum BiasCommand: Command {
    static let name = "bias"
    static let summary = "project words on a bias direction (Bolukbasi et al. 2016) and report DirectBias"
    static let help = """
    usage: w2v bias VECTORS [--pairs FILE | --direction A:B] [--words FILE] [--top N] [options]

    The direction is the first principal component of the definitional pairs' differences
    (Bolukbasi et al. 2016, §5; default pairs: corpora/bias/definitional_pairs.json, woman-man,
    girl-boy, she-he, ...), oriented so that the first word of each pair is on the positive
    side; or, with --direction A:B, unit(A) - unit(B). Each listed word (default: the 320
    professions of corpora/bias/professions.json) is projected on it (cosine), and sorted.
    DirectBias (§6) is the mean |cos(w, direction)|^c over the listed words, leaving out the
    gender-specific ones (corpora/bias/gender_specific_full.json) and unknown words (reported).
    Words are matched exactly, then in lowercase ("Mary" -> "mary").

      --pairs FILE       definitional pairs (JSON [[a, b], ...] or lines "a b")
      --direction A:B    a single pair instead
      --words FILE       words to project (JSON list, debiaswe [[word, ...], ...], or lines)
      --specific FILE    gender-specific words left out of DirectBias ('none' keeps all)
      --strictness C     DirectBias exponent c (default 1)
      --top N            words shown at each end (default 15; 0 = all)
    \(QueryOptions.help)
    """

    struct Output: Encodable {
        let direction: Embeddings.BiasDirection
        let projections: [Embeddings.Projection]
        let missing: [String]
        let directBias: Embeddings.DirectBias
        let leftOutAsGenderSpecific: [String]
    }

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        let pairsPath = try arguments.option("--pairs")
        let directionText = try arguments.option("--direction")
        let wordsPath = try arguments.option("--words")
        let specificPath = try arguments.option("--specific")
        let strictness = try arguments.double("--strictness", default: 1, range: 0...100)
        let top = try arguments.int("--top", default: 15, range: 0...Int.max)
        let options = try QueryOptions.parse(&arguments)
        let positionals = try arguments.finish(positionals: 1...1, names: "VECTORS")
        if pairsPath != nil && directionText != nil { throw UsageError(message: "give --pairs or --direction, not both") }
        var pairs: [(String, String)]
        if let directionText {
            let parts = directionText.split(separator: ":").map(String.init)
            guard parts.count == 2 else { throw UsageError(message: "--direction expects A:B, got '\(directionText)'") }
            pairs = [(parts[0], parts[1])]
        } else {
            pairs = try DataFiles.pairList(pairsPath ?? DataFiles.locate("bias/definitional_pairs.json", option: "--pairs"))
        }
        let words = try DataFiles.wordList(wordsPath ?? DataFiles.locate("bias/professions.json", option: "--words"))
        var specific: Set<String> = []
        if specificPath != "none" {
            let path = try specificPath ?? DataFiles.locate("bias/gender_specific_full.json", option: "--specific")
            specific = Set(try DataFiles.wordList(path).map { $0.lowercased() })
        }

        let embeddings = try options.load(positionals[0])
        let direction = try embeddings.biasDirection(pairs: pairs)
        let (projections, missing) = embeddings.projections(of: words, on: direction)
        guard !projections.isEmpty else {
            throw CommandFailure(message: "none of the \(words.count) words to project is in the vocabulary (\(missing.prefix(8).joined(separator: ", "))\(missing.count > 8 ? ", ..." : "")), so there is no DirectBias to report; check --words against the vectors' vocabulary")
        }
        let neutral = projections.filter { !specific.contains($0.word.lowercased()) }
        let leftOut = projections.filter { specific.contains($0.word.lowercased()) }.map(\.word)
        let directBias = Embeddings.directBias(neutral, strictness: strictness)
        if options.json {
            try printJSON(Output(direction: direction, projections: projections, missing: missing,
                                 directBias: directBias, leftOutAsGenderSpecific: leftOut))
            return ExitStatus.success
        }
        let positive = direction.pairs.map { $0[0] }, negative = direction.pairs.map { $0[1] }
        if direction.pairs.count == 1 {
            print("direction: \(positive[0]) - \(negative[0]) (positive = toward '\(positive[0])')")
        } else {
            print("direction: first principal component of \(direction.pairs.count) definitional pairs, "
                + "\(fixed(100 * direction.explainedVariance, 1))% of their variance")
            print("  positive = toward \(positive.joined(separator: ", "))")
            print("  negative = toward \(negative.joined(separator: ", "))")
        }
        if !direction.skippedPairs.isEmpty {
            print("  pairs skipped (not in the vocabulary): " + direction.skippedPairs.map { $0.joined(separator: ":") }.joined(separator: ", "))
        }
        let width = min(24, projections.map(\.word.count).max() ?? 0)
        func show(_ list: ArraySlice<Embeddings.Projection>) {
            for p in list { print("  \(padded(p.word, width))  \(p.projection >= 0 ? " " : "")\(fixed(p.projection))") }
        }
        if top == 0 || 2 * top >= projections.count {
            print("\nprojections (\(projections.count) words, most positive first):")
            show(projections[...])
        } else {
            print("\nmost positive (toward \(positive[0])):")
            show(projections.prefix(top))
            print("\nmost negative (toward \(negative[0])):")
            show(projections.suffix(top).reversed()[...])
        }
        print("\nDirectBias (c = \(fixed(strictness, 1))): \(fixed(directBias.value)) over \(directBias.wordCount) of \(words.count) words")
        if !leftOut.isEmpty { print("  left out as gender-specific (\(leftOut.count)): " + leftOut.prefix(12).joined(separator: ", ") + (leftOut.count > 12 ? ", ..." : "")) }
        if !missing.isEmpty { print("  not in the vocabulary (\(missing.count)): " + missing.prefix(12).joined(separator: ", ") + (missing.count > 12 ? ", ..." : "")) }
        return ExitStatus.success
    }
}

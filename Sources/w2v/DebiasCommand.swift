import Embeddings

/// `w2v debias`: hard debiasing of Bolukbasi et al. 2016 (debiaswe's `debias.py`).
enum DebiasCommand: Command {
    static let name = "debias"
    static let summary = "remove a gender direction (Bolukbasi et al. 2016 hard debiasing: neutralize, equalize)"
    static let help = """
    usage: w2v debias VECTORS --output DEBIASED [--definitional FILE] [--equalize FILE] [--gender-specific FILE] [options]

    Hard debiasing as in Bolukbasi et al. 2016's reference code (debiaswe debias.py): all rows
    unit-normalised; the direction g is the first principal component of the definitional pairs;
    every word not in the gender-specific list loses its projection on g (neutralize) and is
    renormalised; each equalize pair, with its lower, Title and UPPER case variants, is moved to
    the two points symmetric about the plane orthogonal to g (equalize). Prints DirectBias
    (mean |cos(w, g)|^c) of the --words list before and after, leaving out gender-specific words.

      --definitional FILE   pairs for g (default corpora/bias/definitional_pairs.json)
      --equalize FILE       pairs to equalize (default corpora/bias/equalize_pairs.json)
      --gender-specific FILE
                            words kept as they are (default corpora/bias/gender_specific_full.json)
      --words FILE          words for DirectBias (default corpora/bias/professions.json)
      --strictness C        DirectBias exponent c (default 1)
      --quiet               no message on stderr
    \(DerivedVectorsOutput.help)
    \(QueryOptions.help)

    Exit status: 0 success, 1 bad input (no definitional pair known) or failed
    output, 2 invalid command line (or an output that is an input).
    """

    struct Output: Encodable {
        let report: Embeddings.DebiasReport
        let directBiasBefore: Embeddings.DirectBias
        let directBiasAfter: Embeddings.DirectBias
    }

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        let output = try DerivedVectorsOutput(&arguments)
        let definitionalPath = try arguments.option("--definitional")
        let equalizePath = try arguments.option("--equalize")
        let specificPath = try arguments.option("--gender-specific")
        let wordsPath = try arguments.option("--words")
        let strictness = try arguments.double("--strictness", default: 1, range: 0...100)
        let quiet = arguments.flag("--quiet", aliases: ["-q"])
        let options = try QueryOptions.parse(&arguments)
        let path = try arguments.finish(positionals: 1...1, names: "VECTORS")[0]
        let definitional = try DataFiles.pairList(definitionalPath ?? DataFiles.locate("bias/definitional_pairs.json", option: "--definitional"))
        let equalize = try DataFiles.pairList(equalizePath ?? DataFiles.locate("bias/equalize_pairs.json", option: "--equalize"))
        let specific = Set(try DataFiles.wordList(specificPath ?? DataFiles.locate("bias/gender_specific_full.json", option: "--gender-specific")))
        let words = try DataFiles.wordList(wordsPath ?? DataFiles.locate("bias/professions.json", option: "--words"))
        try output.check()

        let input = try options.loadResult(path)
        let (debiased, report) = try input.embeddings.debiased(definitional: definitional, genderSpecific: specific, equalize: equalize)
        // DirectBias over the listed words that are not gender-specific, on the same direction.
        let neutral = words.filter { !specific.contains($0) && !specific.contains($0.lowercased()) }
        let before = Embeddings.directBias(input.embeddings.projections(of: neutral, on: report.direction).projections, strictness: strictness)
        let after = Embeddings.directBias(debiased.projections(of: neutral, on: report.direction).projections, strictness: strictness)
        guard before.wordCount > 0 else {
            throw EmbeddingsError.invalidArgument("no word of the --words list is in the vocabulary; DirectBias cannot be measured")
        }
        let written = try output.write(debiased, like: input)
        if options.json {
            try printJSON(Output(report: report, directBiasBefore: before, directBiasAfter: after))
        } else {
            print("direction: first principal component of \(report.direction.pairs.count) definitional pairs "
                + "(\(fixed(100 * report.direction.explainedVariance, 1))% of their variance)")
            print("neutralized \(report.neutralized) words; kept \(report.keptSpecific) gender-specific words; "
                + "equalized \(report.equalized.count) pairs (case variants included)")
            print("DirectBias (c = \(fixed(strictness, 1))) over \(before.wordCount) neutral words of --words: "
                + "before \(fixed(before.value)), after \(fixed(after.value))")
        }
        if !quiet { printError("wrote \(debiased.count) x \(debiased.dimension) debiased vectors to \(output.path) (\(written.rawValue))") }
        return ExitStatus.success
    }
}

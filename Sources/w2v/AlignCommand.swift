import Embeddings

/// `w2v align`: orthogonal Procrustes of one space onto another (Hamilton et al. 2016).
enum AlignCommand: Command {
    static let name = "align"
    static let summary = "rotate vectors B into the space of vectors A (orthogonal Procrustes)"
    static let help = """
    usage: w2v align A B --output B-ALIGNED [--words N] [options]

    Orthogonal Procrustes (Schönemann 1966; HistWords, Hamilton et al. 2016): the rotation R
    minimising ||B̂ R - Â|| over the words both files share, from the SVD of B̂ᵀ Â. Both spaces
    are unit-normalised row by row and mean-centred on the fitted words first; every row of B
    (shared or not) is written as (unit(b) - mean_B) R + mean_A, in A's coordinates, so
    cosines with A's words are meaningful. Prints the shared words and the residual, the root-
    mean-square distance per fitted word after the rotation (and, for scale, without it).

      --words N          fit on only the N most frequent shared words (by row order)
    \(DerivedVectorsOutput.help)
    \(QueryOptions.help)

    Exit status: 0 success, 1 bad input (different dimensions, fewer shared words than
    dimensions) or failed output, 2 invalid command line (or an output that is an input).
    """

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        let output = try DerivedVectorsOutput(&arguments)
        let frequent = try arguments.option("--words").map { text -> Int in
            guard let n = Int(text), n >= 1 else { throw UsageError(message: "--words expects a whole number >= 1, got '\(text)'") }
            return n
        }
        let quiet = arguments.flag("--quiet", aliases: ["-q"])
        let options = try QueryOptions.parse(&arguments)
        let paths = try arguments.finish(positionals: 2...2, names: "A and B")
        try output.check()
        let a = try options.load(paths[0])
        let b = try options.loadResult(paths[1])
        let (rotated, alignment) = try b.embeddings.aligned(to: a, frequentWords: frequent)
        let written = try output.write(rotated, like: b)
        if options.json {
            try printJSON(Summary(alignment))
        } else {
            print("shared words: \(alignment.sharedWords) (A: \(a.count), B: \(b.embeddings.count)); fitted on \(alignment.fittedWords)")
            print("residual per fitted word (RMS of |b R - a|, unit-normalised and centred): \(fixed(alignment.residual)) "
                + "(without rotation: \(fixed(alignment.residualUnrotated)))")
        }
        if !quiet { printError("wrote \(rotated.count) x \(rotated.dimension) aligned vectors to \(output.path) (\(written.rawValue))") }
        return ExitStatus.success
    }

    /// The alignment without its rotation matrix, for --json.
    struct Summary: Encodable {
        let sharedWords: Int
        let fittedWords: Int
        let residual: Double
        let residualUnrotated: Double
        init(_ a: Embeddings.Alignment) {
            (sharedWords, fittedWords, residual, residualUnrotated) = (a.sharedWords, a.fittedWords, a.residual, a.residualUnrotated)
        }
    }
}

import Embeddings
import Foundation

/// `w2v drift`: words ranked by how much they moved between two spaces (Hamilton et al. 2016).
enum DriftCommand: Command {
    static let name = "drift"
    static let summary = "rank words by how much they moved between two spaces (semantic change)"
    static let help = """
    usage: w2v drift A B [--method cosine|neighbours] [--top N] [--frequent N | --min-count C --vocab FILE...] [options]
           w2v drift A B --word W [options]

    Scores every word both files share (above the frequency floor) and prints the most changed:
      cosine      cosine distance between the word in A and in B rotated onto A (orthogonal
                  Procrustes fitted on the same words, unit-normalised and mean-centred; as
                  'w2v align'); Hamilton, Leskovec & Jurafsky 2016 (ACL), the global measure
      neighbours  Hamilton, Leskovec & Jurafsky 2016 (EMNLP), the local neighbourhood measure:
                  with N the union of the word's k nearest neighbours in A and in B (among the
                  scored words), the cosine distance between (cos_A(w,x))_{x in N} and
                  (cos_B(w,x))_{x in N}; needs no alignment
    With --word W: W's nearest neighbours in A and in B side by side, and both scores of W.

      --method M         cosine (default) or neighbours
      --top N            words shown (default 30; 0 = all)
      --frequent N       score only the N most frequent shared words (by the files' row order,
                         which is by descending frequency for word2vec files)
      --min-count C      score only words seen at least C times in each --vocab file
      --vocab FILE       a counts file, 'word count' per line (word2vec.c -save-vocab); repeat it
                         for A's and B's counts
      -k K               neighbours per space for the local measure and --word (default 25 / 10)
      --list FILE        a word list (JSON or one per line): print each word's rank and the mean
                         percentile rank of the list (100 = most changed); repeatable
      --word W           show W's neighbours in both spaces
    \(QueryOptions.help)

    Exit status: 0 success, 1 bad input (different dimensions for cosine, too few shared words,
    a list or --word with no known word), 2 invalid command line.
    """

    struct ListReport: Encodable {
        let file: String
        let found: Int
        let missing: [String]
        let meanPercentile: Double
        let ranks: [String: Int]
    }

    struct Output: Encodable {
        let report: Embeddings.DriftReport
        let lists: [ListReport]
    }

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        let methodText = try arguments.option("--method") ?? "cosine"
        guard let method = Embeddings.DriftMethod(rawValue: methodText) else {
            throw UsageError(message: "--method must be cosine or neighbours, got '\(methodText)'")
        }
        let top = try arguments.int("--top", default: 30, range: 0...Int.max)
        let frequent = try arguments.option("--frequent").map { text -> Int in
            guard let n = Int(text), n >= 1 else { throw UsageError(message: "--frequent expects a whole number >= 1, got '\(text)'") }
            return n
        }
        let minCount = try arguments.int("--min-count", default: 0, range: 0...Int.max)
        let vocabPaths = try arguments.options("--vocab")
        let kText = try arguments.option("-k")
        let listPaths = try arguments.options("--list")
        let word = try arguments.option("--word")
        let options = try QueryOptions.parse(&arguments)
        let paths = try arguments.finish(positionals: 2...2, names: "A and B")
        if minCount > 0 && vocabPaths.isEmpty { throw UsageError(message: "--min-count needs --vocab FILE (the files' counts); or use --frequent N") }
        let k = try kText.map { text -> Int in
            guard let n = Int(text), n >= 1 else { throw UsageError(message: "-k expects a whole number >= 1, got '\(text)'") }
            return n
        } ?? (word == nil ? 25 : 10)
        let lists = try listPaths.map { try DataFiles.wordList($0) }
        let counts = try vocabPaths.map(readCounts)

        let a = try options.load(paths[0])
        let b = try options.load(paths[1])
        var candidates = a.sharedWords(with: b)
        if let frequent { candidates = Array(candidates.prefix(frequent)) }
        if minCount > 0 { candidates = candidates.filter { pair in counts.allSatisfy { ($0[pair.word] ?? 0) >= minCount } } }
        let chosen = candidates.map(\.word)
        if let word {
            return try showWord(word, a, b, chosen, k: k, json: options.json)
        }
        if method == .neighbours && chosen.count > 20_000 {
            printError("note: the local measure compares each of \(chosen.count) words with all of them "
                + "(\(chosen.count) x \(chosen.count) cosines per space); --frequent 10000 is much faster")
        }
        let report = try Embeddings.drift(from: a, to: b, method: method, words: chosen, k: k)
        // Sorted most changed first: when even that one is unchanged (the same file twice),
        // the order and the percentile ranks would be arbitrary; at rounding level, noise.
        if let largest = report.drifts.first?.distance, largest <= 1e-5 {
            guard largest > 0 else {
                throw CommandFailure(message: "no shared word changed: A and B hold the same vectors up to rotation, so there is no ranking to report")
            }
            printError("note: the largest distance is \(String(format: "%.1e", largest)), at rounding level: A and B hold nearly the same vectors, so the ranking below is noise")
        }
        var rank: [String: Int] = [:]
        for (i, drift) in report.drifts.enumerated() { rank[drift.word] = i + 1 }
        var listReports: [ListReport] = []
        for (path, list) in zip(listPaths, lists) {
            var ranks: [String: Int] = [:]
            var missing: [String] = []
            for w in list { if let r = rank[w] ?? rank[w.lowercased()] { ranks[w] = r } else { missing.append(w) } }
            guard !ranks.isEmpty else {
                throw EmbeddingsError.invalidArgument("\(path): no word of the list is among the \(report.words) scored words")
            }
            // Percentile: 100 = the most changed word, 0 = the least.
            let n = Double(Swift.max(1, report.words - 1))
            let mean = ranks.values.reduce(0.0) { $0 + 100 * (1 - Double($1 - 1) / n) } / Double(ranks.count)
            listReports.append(ListReport(file: path, found: ranks.count, missing: missing, meanPercentile: mean, ranks: ranks))
        }
        if options.json {
            try printJSON(Output(report: report.top(top == 0 ? report.drifts.count : top), lists: listReports))
            return ExitStatus.success
        }
        let what = method == .cosine ? "cosine distance after alignment" : "local neighbourhood distance, k = \(k)"
        print("\(report.words) shared words scored (A: \(a.count), B: \(b.count)); \(what)")
        if let alignment = report.alignment {
            print("alignment residual per word: \(fixed(alignment.residual)) (without rotation: \(fixed(alignment.residualUnrotated)))")
        }
        let shown = top == 0 ? report.drifts[...] : report.drifts.prefix(top)
        let width = min(24, shown.map(\.word.count).max() ?? 0)
        print("\nmost changed:")
        for (i, d) in shown.enumerated() {
            print("  \(String(format: "%3d", i + 1)). \(padded(d.word, width))  \(fixed(d.distance))   (rows \(d.row), \(d.otherRow))")
        }
        for list in listReports {
            print("\n\(list.file): \(list.found) words, mean percentile rank \(fixed(list.meanPercentile, 1)) (100 = most changed)")
            let sorted = list.ranks.sorted { $0.value < $1.value }
            print("  " + sorted.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            if !list.missing.isEmpty { print("  not scored (not shared or below the floor): " + list.missing.joined(separator: ", ")) }
        }
        return ExitStatus.success
    }

    struct WordOutput: Encodable {
        let word: String
        let cosineDistance: Double?
        let neighbourDistance: Double
        let neighboursA: [Embeddings.Neighbour]
        let neighboursB: [Embeddings.Neighbour]
    }

    /// W's neighbours in both spaces (among the chosen words) and both of its scores.
    static func showWord(_ word: String, _ a: Embeddings, _ b: Embeddings, _ chosen: [String], k: Int, json: Bool) throws -> Int32 {
        guard let rowA = a.lookup(word), let rowB = b.lookup(word) else {
            throw EmbeddingsError.invalidArgument("'\(word)' is not in both files" + (a.lookup(word) == nil ? " (not in A)" : " (not in B)"))
        }
        let name = a.words[rowA]
        var words = chosen
        if !words.contains(name) { words.append(name) }
        let subA = a.subset(rows: words.compactMap { a.row(of: $0) }), subB = b.subset(rows: words.compactMap { b.row(of: $0) })
        let neighboursA = try subA.neighbours(of: name, k: k).answers
        let neighboursB = try subB.neighbours(of: name, k: k).answers
        let local = try Embeddings.drift(from: a, to: b, method: .neighbours, words: words, k: k).drifts.first { $0.word == name }!
        let cosine = a.dimension == b.dimension && words.count >= a.dimension
            ? try Embeddings.drift(from: a, to: b, method: .cosine, words: words).drifts.first { $0.word == name }?.distance : nil
        _ = rowB
        if json {
            try printJSON(WordOutput(word: name, cosineDistance: cosine, neighbourDistance: local.distance,
                                     neighboursA: neighboursA, neighboursB: neighboursB))
            return ExitStatus.success
        }
        print("'\(name)': cosine distance after alignment \(cosine.map { fixed($0) } ?? "n/a"), local neighbourhood distance \(fixed(local.distance))")
        let left = rankedLines(neighboursA), right = rankedLines(neighboursB)
        let width = max(28, (left.map(\.count).max() ?? 0) + 2)
        print(padded("in A:", width) + "in B:")
        for i in 0..<max(left.count, right.count) {
            print(padded(i < left.count ? left[i] : "", width) + (i < right.count ? right[i] : ""))
        }
        return ExitStatus.success
    }

    /// A counts file: `word count` per line (word2vec.c's -save-vocab, or `uniq -c` swapped).
    static func readCounts(_ path: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for (number, line) in try DataFiles.readText(path).split(separator: "\n").enumerated() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.isEmpty { continue }
            guard fields.count == 2, let count = Int(fields[1]) else {
                throw EmbeddingsError.malformedListFile(path: path, line: number + 1, reason: "expected 'word count'")
            }
            counts[String(fields[0])] = count
        }
        return counts
    }
}

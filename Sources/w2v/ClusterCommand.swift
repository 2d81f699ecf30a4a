import Embeddings

/// `w2v cluster`: k-means classes of words, as word2vec.c's `-classes`.
enum ClusterCommand: Command {
    static let name = "cluster"
    static let summary = "k-means word classes over unit vectors (word2vec.c -classes)"
    static let help = """
    usage: w2v cluster VECTORS [-k 100] [--words N] [--output FILE] [options]

    Spherical k-means over the unit vectors (word2vec.c's -classes: each word joins the
    centroid with the highest cosine; centroids are renormalised means), seeded by k-means++.
    Prints each cluster's size and its most frequent words (the first rows of VECTORS), or with
    --central the words closest to its centroid; --output writes 'word cluster' lines
    (word2vec.c's classes file) atomically.

      -k N               number of clusters (default 100)
      --words N          cluster only the first N words (the most frequent; default all)
      --iterations N     at most N passes (default 20; stops earlier when nothing moves)
      --seed S           seed for k-means++ (default 1)
      --top N            words shown per cluster (default 8)
      --central          show the words closest to each centroid instead of the most frequent
      --output FILE      write 'word cluster' lines to FILE ('-': print them instead of the view)
    \(QueryOptions.help)
    """

    struct Output: Encodable {
        struct Cluster: Encodable {
            let cluster: Int
            let size: Int
            let top: [String]
        }
        let k: Int
        let words: Int
        let iterations: Int
        let converged: Bool
        let lastMoved: Int
        let meanSimilarity: Double
        let clusters: [Cluster]
    }

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        let k = try arguments.int("-k", aliases: ["--k"], default: 100, range: 1...1_000_000)
        let wordLimit = try arguments.int("--words", default: Int.max, range: 1...Int.max)
        let iterations = try arguments.int("--iterations", default: 20, range: 1...10_000)
        let seed = try arguments.int("--seed", default: 1, range: 0...Int.max)
        let top = try arguments.int("--top", default: 8, range: 1...1_000)
        let outputPath = try arguments.option("--output")
        let central = arguments.flag("--central")
        let options = try QueryOptions.parse(&arguments)
        let positionals = try arguments.finish(positionals: 1...1, names: "VECTORS")
        if let outputPath, outputPath != "-" {
            CommandInputs.note([positionals[0]], role: "the vectors file")
            try checkWritable(outputPath)
        }
        let embeddings = try options.load(positionals[0])
        let start = ContinuousClock.now
        let clustering = try embeddings.kMeans(k: k, rows: wordLimit, maxIterations: iterations, seed: UInt64(seed))
        if options.timing { printError("timing: k-means in \(milliseconds(start.duration(to: .now))) ms") }
        if outputPath == "-" {
            for (row, cluster) in clustering.assignments.enumerated() { print("\(embeddings.words[row]) \(cluster)") }
            return ExitStatus.success
        }
        if let outputPath {
            let writer = try AtomicFileWriter(path: outputPath)
            do {
                for (row, cluster) in clustering.assignments.enumerated() { try writer.write("\(embeddings.words[row]) \(cluster)\n") }
                try writer.commit()
            } catch {
                writer.discard()
                throw error
            }
        }
        var frequent = [[Int]](repeating: [], count: k)
        for (row, c) in clustering.assignments.enumerated() where frequent[c].count < top { frequent[c].append(row) }
        let clusters = (0..<k).map { c in
            let rows = central ? Array(clustering.members(of: c).prefix(top)) : frequent[c]
            return Output.Cluster(cluster: c, size: clustering.sizes[c], top: rows.map { embeddings.words[$0] })
        }
        if options.json {
            try printJSON(Output(k: k, words: clustering.assignments.count, iterations: clustering.iterations,
                                 converged: clustering.converged, lastMoved: clustering.lastMoved,
                                 meanSimilarity: clustering.meanSimilarity, clusters: clusters))
            return ExitStatus.success
        }
        print("\(k) clusters of \(clustering.assignments.count) words; \(clustering.iterations) passes, "
            + (clustering.converged ? "converged" : "stopped with \(clustering.lastMoved) words still moving (raise --iterations)")
            + "; mean cosine to centroid \(fixed(clustering.meanSimilarity))")
        for cluster in clusters {
            print("\(String(format: "%4d", cluster.cluster)) (\(String(format: "%5d", cluster.size)) words): " + cluster.top.joined(separator: " "))
        }
        if let outputPath { print("wrote 'word cluster' lines to \(outputPath)") }
        return ExitStatus.success
    }
}

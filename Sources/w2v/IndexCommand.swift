import Embeddings
import Foundation

/// `w2v index`: builds the HNSW index of a vectors file.
enum IndexCommand: Command {
    static let name = "index"
    static let summary = "build an HNSW approximate-neighbour index of a vectors file (for --index)"
    static let help = """
    usage: w2v index VECTORS --output FILE [--m 16] [--ef-construction 200] [--threads N] [options]

    Builds a Hierarchical Navigable Small World graph (Malkov & Yashunin 2018, as hnswlib) over
    the unit rows of VECTORS and writes it to FILE (atomically, versioned and checksummed). The
    file holds the graph only and a fingerprint of the vectors (rows, dimension, checksum of
    words and values): 'w2v neighbors|analogy|repl VECTORS --index FILE' searches with it, and
    refuses it for any other vectors (including another --limit).

      --output FILE          where to write the index (required)
      --m N                  links per node, 2N on the bottom level (default 16; 2...1024)
      --ef-construction N    candidates kept while inserting (default 200)
      --threads N            build workers (default all cores)
      --seed S               seed of the level generator (default 100); with --threads 1 the
                             same file on every run
      --quiet                no progress or summary on stderr
    \(QueryOptions.help)

    Exit status: 0 success, 1 bad input or failed output, 2 invalid command line.
    """

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        guard let output = try arguments.option("--output", aliases: ["-o"]) else {
            throw UsageError(message: "--output FILE is required (where to write the index)")
        }
        let m = try arguments.int("--m", aliases: ["-m"], default: 16, range: 2...1024)
        let efConstruction = try arguments.int("--ef-construction", default: 200, range: 1...100_000)
        let threads = try arguments.int("--threads", default: ProcessInfo.processInfo.activeProcessorCount, range: 1...1024)
        let seed = try arguments.int("--seed", default: 100, range: 0...Int.max)
        let quiet = arguments.flag("--quiet", aliases: ["-q"])
        let options = try QueryOptions.parse(&arguments)
        let input = try arguments.finish(positionals: 1...1, names: "VECTORS")[0]
        try checkWritable(output)
        let embeddings = try options.load(input)
        let progress = ProgressPrinter(quiet: quiet)
        let start = ContinuousClock.now
        let count = embeddings.count
        let index = try HNSWIndex.build(embeddings, parameters: .init(m: m, efConstruction: efConstruction, seed: UInt64(seed)),
                                        threads: threads) { done in
            progress.update("indexing: \(done * 100 / Swift.max(1, count))% of \(count) rows")
        }
        let built = start.duration(to: .now)
        try index.write(to: output)
        let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
        progress.finish("indexed \(count) x \(embeddings.dimension) rows of \(input) (M \(m), efConstruction \(efConstruction), "
                        + "\(threads) threads) in \(fixed(Double(milliseconds(built))! / 1000, 2)) s; wrote \(output) (\(fixed(Double(size) / 1e6, 1)) MB)")
        return ExitStatus.success
    }
}

import Embeddings
import Foundation

/// `--index FILE [--ef N]` of the commands that search neighbours: approximate search with an
/// HNSW index made by `w2v index` from the same vectors, instead of the exact scan.
struct IndexOptions {
    static let help = """
      --index FILE       search with the HNSW index FILE made by 'w2v index' from these vectors
                         (approximate; without it every row is scanned, exactly)
      --ef N             candidates kept by an index search (default \(defaultEf); more: higher
                         recall, slower; see docs/index-and-queries.md)
      --index-rows R     rows an index search walks with: bf16 (default; a half-size copy of
                         the unit rows, made on the first search, faster) or float (the vectors
                         themselves: no copy, for a mapped file's first answer in milliseconds);
                         answers carry exact cosines either way
    """
    static let defaultEf = 64

    var path: String?
    var ef: Int
    var walk: HNSWIndex.WalkRows

    static func parse(_ arguments: inout Arguments) throws -> IndexOptions {
        let path = try arguments.option("--index")
        var walk = HNSWIndex.WalkRows.bfloat16
        if let text = try arguments.option("--index-rows") {
            guard let chosen = HNSWIndex.WalkRows(rawValue: text) else {
                throw UsageError(message: "--index-rows expects bf16 or float, got '\(text)'")
            }
            if path == nil { throw UsageError(message: "--index-rows needs --index FILE") }
            walk = chosen
        }
        guard let text = try arguments.option("--ef") else { return IndexOptions(path: path, ef: defaultEf, walk: walk) }
        guard let ef = Int(text), ef >= 1 else {
            throw UsageError(message: "--ef expects a whole number >= 1 (candidates kept by an index search), got '\(text)'")
        }
        if path == nil { throw UsageError(message: "--ef needs --index FILE (exact search has no ef)") }
        return IndexOptions(path: path, ef: ef, walk: walk)
    }

    /// The index search, or nil without `--index`; with `timing`, the read time on stderr.
    func search(for embeddings: Embeddings, timing: Bool) throws -> ApproximateSearch? {
        guard let path else { return nil }
        let start = ContinuousClock.now
        let index = try HNSWIndex.read(path: path, for: embeddings)
        if timing {
            printError("timing: read index \(path) (M \(index.parameters.m), efConstruction \(index.parameters.efConstruction)) in \(milliseconds(start.duration(to: .now))) ms")
        }
        return ApproximateSearch(index, ef: ef, walk: walk)
    }

    /// What the index searches cost, against the rows an exact scan reads.
    static func reportCost(_ search: any NeighbourSearch) {
        guard let approximate = search as? ApproximateSearch else { return }
        let (searches, cost) = approximate.cost
        guard searches > 0 else { return }
        let perSearch = Double(cost.distances) / Double(searches)
        printError("timing: index search (ef \(approximate.ef), \(approximate.walk.rawValue) rows): \(searches) searches, \(fixed(perSearch, 0)) dot products and "
                   + "\(fixed(Double(cost.expanded) / Double(searches), 0)) nodes expanded per search "
                   + "(an exact search computes \(approximate.embeddings.count))")
    }
}

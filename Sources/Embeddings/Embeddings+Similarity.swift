import Kernels

extension Embeddings {
    /// The row of `word`: exact match first, then its lowercase form (vectors trained on
    /// lowercased text answer "Paris"); otherwise `EmbeddingsError.unknownWord` with the
    /// closest known spellings.
    public func resolve(_ word: String) throws -> Int {
        if let row = lookup(word) { return row }
        throw EmbeddingsError.unknownWord(word: word, suggestions: closestSpellings(to: word).map(\.word))
    }

    /// `resolve(word)`, refusing a zero row: its cosine with anything is 0/0 (gensim returns
    /// nan with a warning), and a ranking by it would list arbitrary words at 0.
    public func resolveQuery(_ word: String) throws -> Int {
        let row = try resolve(word)
        guard norms[row] > 0 else {
            throw EmbeddingsError.invalidArgument("'\(words[row])' has a zero vector, so its cosine with every word is undefined")
        }
        return row
    }

    /// Exact match, then the lowercase form; nil if neither is known.
    public func lookup(_ word: String) -> Int? {
        if let row = row(of: word) { return row }
        let lower = word.lowercased()
        return WordKey(lower) == WordKey(word) ? nil : row(of: lower)
    }

    /// Cosine similarity of two words (of their unit vectors), as gensim's `similarity`.
    public func similarity(_ first: String, _ second: String) throws -> Float {
        let a = try resolveQuery(first), b = try resolveQuery(second)
        return cosine(rows: a, b)
    }

    /// Cosine similarity of two rows.
    public func cosine(rows a: Int, _ b: Int) -> Float {
        unitVectors.withUnsafeBufferPointer { unit in
            VectorKernels.dot(unit.baseAddress! + a * dimension, unit.baseAddress! + b * dimension, dimension)
        }
    }

    /// A vocabulary word close in spelling to an unknown one.
    public struct Spelling: Sendable, Equatable, Encodable {
        public let word: String
        /// Edit distance (insertions, deletions, substitutions and transpositions of adjacent
        /// characters, each costing 1) over UTF-8 bytes, ASCII letters compared case-insensitively.
        public let distance: Int
    }

    /// Up to `limit` vocabulary words within edit distance `maxDistance` of `word` (default: 1 for
    /// words up to 4 bytes, 2 up to 8, then 3), closest first, then those of the same length (a
    /// typo more often swaps or replaces than drops a letter), then the more frequent (lower row).
    /// The distance is the optimal-string-alignment form of Damerau-Levenshtein, so "dgo"
    /// is one edit from "dog". Words whose length differs by more than the bound are skipped, and
    /// each comparison stops as soon as a whole row of the table exceeds the bound.
    /// - Complexity: O(count x length^2) at worst, a few ms for 70k words.
    public func closestSpellings(to word: String, limit: Int = 5, maxDistance: Int? = nil) -> [Spelling] {
        let target = Array(word.utf8).map(Self.foldASCII)
        let bound = maxDistance ?? (target.count <= 4 ? 1 : target.count <= 8 ? 2 : 3)
        var found: [(distance: Int, lengthDifference: Int, row: Int)] = []
        var table = EditTable(width: target.count + 1)
        for (row, candidate) in words.enumerated() {
            var candidate = candidate
            let distance = candidate.withUTF8 { bytes -> Int? in
                guard abs(bytes.count - target.count) <= bound else { return nil }
                return table.distance(target, bytes, bound: bound)
            }
            if let distance { found.append((distance, abs(candidate.utf8.count - target.count), row)) }
        }
        found.sort { ($0.distance, $0.lengthDifference, $0.row) < ($1.distance, $1.lengthDifference, $1.row) }
        return found.prefix(limit).map { Spelling(word: words[$0.row], distance: $0.distance) }
    }

    @inline(__always)
    static func foldASCII(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }
}

/// Three rows of the edit-distance table, reused across comparisons.
struct EditTable {
    private var beforePrevious: [Int], previous: [Int], current: [Int]

    init(width: Int) {
        beforePrevious = [Int](repeating: 0, count: width)
        previous = [Int](repeating: 0, count: width)
        current = [Int](repeating: 0, count: width)
    }

    /// Optimal-string-alignment distance of `a` and `b` (ASCII case folded), or nil once it
    /// must exceed `bound`.
    mutating func distance(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>, bound: Int) -> Int? {
        let n = a.count
        for j in 0...n { previous[j] = j }
        var previousByte: UInt8 = 0
        var previousMinimum = 0
        for i in 0..<b.count {
            let bi = Embeddings.foldASCII(b[i])
            current[0] = i + 1
            var rowMinimum = i + 1
            for j in 0..<n {
                var value = Swift.min(previous[j] + (a[j] == bi ? 0 : 1), previous[j + 1] + 1, current[j] + 1)
                if i > 0 && j > 0 && a[j] == previousByte && a[j - 1] == bi {
                    value = Swift.min(value, beforePrevious[j - 1] + 1)
                }
                current[j + 1] = value
                rowMinimum = Swift.min(rowMinimum, value)
            }
            // Later rows build on this one, or (transpositions) on the one before plus 1.
            if rowMinimum > bound && previousMinimum >= bound { return nil }
            previousMinimum = rowMinimum
            swap(&beforePrevious, &previous)
            swap(&previous, &current)
            previousByte = bi
        }
        return previous[n] <= bound ? previous[n] : nil
    }
}

/// Frequent-word subsampling with word2vec.c's keep probability (`TrainModelThread`):
/// a token of word `w` is kept with probability `min(1, (sqrt(f/t) + 1) * t/f)`, where
/// `f = count(w) / total` and `t` is `--sample`. Precomputed per word as a 32-bit threshold
/// so the hot loop compares one random number, with no division or square root.
public struct Subsampler: Sendable {
    /// Keep when `random32 < threshold[w]`; `1 << 32` means always.
    let thresholds: [UInt64]
    /// The exact keep probability of each word.
    public let keepProbabilities: [Double]

    /// - Parameters:
    ///   - counts: word counts by id; `total` defaults to their sum (word2vec.c `train_words`).
    ///   - sample: the threshold `t`; 0 keeps everything.
    public init(counts: [Int], sample: Double, total: Int? = nil) {
        // Summed in Double: the counts may come from a vocabulary file, where each is only
        // known to fit an Int, and f = count / total is a Double anyway.
        let total = total.map(Double.init) ?? counts.reduce(0.0) { $0 + Double($1) }
        keepProbabilities = counts.map { count in
            guard sample > 0, count > 0, total > 0 else { return 1 }
            let f = Double(count) / total
            return min(1, ((f / sample).squareRoot() + 1) * sample / f)
        }
        thresholds = keepProbabilities.map { p in p >= 1 ? 1 << 32 : UInt64(p * 4_294_967_296.0) }
    }

    /// Whether to keep a token of `word`, given 32 fresh random bits.
    @inline(__always)
    public func keep(_ word: Int, random32: UInt32) -> Bool {
        thresholds.withUnsafeBufferPointer { UInt64(random32) < $0[word] }
    }
}

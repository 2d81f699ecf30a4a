/// Every hyperparameter of a skip-gram negative-sampling run. Defaults are word2vec.c's
/// (`word2vec.c main`), except where a field says otherwise.
public struct TrainingConfiguration: Sendable, Equatable, Codable {
    /// Vector size. word2vec.c `-size`, default 100.
    public var dimension: Int = 100
    /// Maximum skip length; the effective radius is uniform in 1...window. word2vec.c `-window`, default 5.
    public var window: Int = 5
    /// Negative samples per positive pair. word2vec.c `-negative`, default 5.
    public var negative: Int = 5
    /// Subsampling threshold `t` of the keep probability `(sqrt(f/t) + 1) t/f`; 0 disables. word2vec.c `-sample`, default 1e-3.
    public var sample: Double = 1e-3
    /// Starting learning rate, decayed linearly to `alpha * 1e-4` over all epochs. word2vec.c `-alpha`, default 0.025 for skip-gram.
    public var alpha: Double = 0.025
    /// Passes over the corpus. word2vec.c `-iter`, default 5.
    public var epochs: Int = 5
    /// Worker threads updating W and C Hogwild-style. word2vec.c `-threads`, default 12; ours: all cores.
    public var threads: Int = TrainingConfiguration.defaultThreads
    /// Seed of every random choice (initialisation, subsampling, windows, negatives). word2vec.c: fixed seeds; ours: default 1.
    public var seed: UInt64 = 1
    /// Exponent of the unigram noise distribution. word2vec.c: the constant 0.75 in `InitUnigramTable`.
    public var noisePower: Double = 0.75
    /// How a centre word's window is updated. word2vec.c has only `.perPair`; `.batched` is pWord2Vec's HogBatch (Ji et al. 2016). Ours: default `.batched`.
    public var update: UpdateMode = .batched

    /// The update order of one window.
    public enum UpdateMode: String, Sendable, Codable, CaseIterable {
        /// pWord2Vec (Ji et al. 2016): one set of negatives shared by all context words of a centre
        /// word, so the window's dot products and both updates are three small matrix products.
        case batched
        /// word2vec.c `TrainModelThread`: per context word, fresh negatives, update C at once and W after.
        case perPair = "off"
    }

    public init() {}

    /// Number of active processor cores.
    public static var defaultThreads: Int {
        max(1, min(ProcessInfo.processInfo.activeProcessorCount, 64))
    }

    /// Checks every field; the error names the flag and the allowed range.
    public func validate() throws {
        func check(_ ok: Bool, _ flag: String, _ rule: String, _ value: Any) throws {
            if !ok { throw SkipGramError.invalidConfiguration(flag: flag, reason: "must be \(rule), got \(value)") }
        }
        try check((1...10_000).contains(dimension), "--dim", "between 1 and 10000", dimension)
        try check((1...1_000).contains(window), "--window", "between 1 and 1000", window)
        try check((1...1_000).contains(negative), "--negative", "between 1 and 1000", negative)
        try check(sample >= 0 && sample.isFinite, "--sample", ">= 0", sample)
        try check(alpha > 0 && alpha < 10 && alpha.isFinite, "--alpha", "in (0, 10)", alpha)
        try check((1...100_000).contains(epochs), "--epochs", "between 1 and 100000", epochs)
        try check((1...1_024).contains(threads), "--threads", "between 1 and 1024", threads)
        try check(noisePower.isFinite && noisePower >= 0 && noisePower <= 2, "noise power", "in [0, 2]", noisePower)
    }
}

import Foundation

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
    /// fastText's exponent (`Model::initTableNegatives`, 0.9's `NegativeSamplingLoss`: `pow(count, 0.5)`), the command line's
    /// default with subwords: on wikivisual8 at config R it gave subword skip-gram 1.0 point of
    /// analogy accuracy and 0.006 of SimLex-999 over 0.75 (docs/subwords.md).
    public static let subwordNoisePower = 0.5
    /// The command line's update order with subwords: fastText's per-pair order (`FastText::skipgram`
    /// composes and spreads the centre's n-grams once per context word). On wikivisual8 at config R it
    /// gave subword skip-gram 0.3-0.7 points of analogy accuracy and 0.007 of SimLex-999 over the
    /// batched update on two days, for 3-8% more time (docs/subwords.md).
    public static let subwordUpdate = UpdateMode.perPair
    /// How a centre word's window is updated. word2vec.c has only `.perPair`; `.batched` is pWord2Vec's HogBatch (Ji et al. 2016). Ours: default `.batched`.
    public var update: UpdateMode = .batched
    /// Which context predicts which word. word2vec.c `-cbow`, fastText's `skipgram`/`cbow` command; default skip-gram.
    public var model: ModelKind = .skipGram
    /// Character n-gram lengths in code points (fastText `-minn`/`-maxn`); `nil`: whole words only (word2vec.c).
    public var subwords: ClosedRange<Int>? = nil
    /// Rows the n-grams are hashed into. fastText `-bucket`, default 2,000,000.
    public var buckets: Int = 2_000_000
    /// What each prediction is trained against. word2vec.c `-hs`/`-negative`, fastText `-loss`; default negative sampling.
    public var loss: LossKind = .negativeSampling

    /// The output layer: noise words against the target, or the target's path in a Huffman tree.
    public enum LossKind: String, Sendable, Codable, CaseIterable {
        /// The target (label 1) against `negative` noise words (label 0): word2vec.c `-negative`, fastText `-loss ns`.
        case negativeSampling = "ns"
        /// One logistic term per inner node on the target's path in the Huffman tree of the counts
        /// (`HuffmanTree`): word2vec.c `-hs 1 -negative 0`, fastText `-loss hs`. `negative` is unused.
        case hierarchicalSoftmax = "hs"
    }

    /// The training model: how a window's context becomes the input of the centre word.
    public enum ModelKind: String, Sendable, Codable, CaseIterable {
        /// Each context word predicts the centre (word2vec.c `-cbow 0`).
        case skipGram = "skipgram"
        /// The mean of the context predicts the centre (word2vec.c `-cbow 1`, `cbow_mean`).
        case cbow
        /// word2vec.c's starting learning rate for the model (`alpha = 0.05` for CBOW).
        public var defaultAlpha: Double { self == .cbow ? 0.05 : 0.025 }
    }

    /// The model's name when checkpoints cannot hold it (its format records neither the model
    /// nor the bucket rows), else nil.
    public var checkpointUnsupported: String? {
        guard model != .skipGram || subwords != nil || loss != .negativeSampling else { return nil }
        return model.rawValue + (subwords.map { " with \($0.lowerBound)-\($0.upperBound) subwords" } ?? "")
            + (loss == .hierarchicalSoftmax ? " with hierarchical softmax" : "")
    }

    /// Longest n-gram length accepted (fastText has no limit; longer n-grams are whole words).
    public static let maxSubwordLength = 100

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

    /// The fields `validate` checks, so that an error can say which one is wrong (the
    /// command-line tool turns a field into its option name; the library knows no flags).
    public enum Field: String, Sendable, CaseIterable {
        case dimension, window, negative, sample, alpha, epochs, threads, noisePower, subwordMin, subwordMax, buckets
    }

    /// The allowed values of `field`, inclusive. `sample` above 1 would keep every word, and
    /// `alpha` of 10 or more diverges at once, so both are refused.
    public static func allowed(_ field: Field) -> ClosedRange<Double> {
        switch field {
        case .dimension: return 1...10_000
        case .window: return 1...1_000
        case .negative: return 1...1_000
        case .sample: return 0...1
        case .alpha: return 1e-9...9.99
        case .epochs: return 1...100_000
        case .threads: return 1...1_024
        case .noisePower: return 0...2
        case .subwordMin, .subwordMax: return 1...Double(maxSubwordLength)
        case .buckets: return 1...100_000_000
        }
    }

    /// The value of `field` as a `Double` (the type `allowed` uses).
    public func value(of field: Field) -> Double {
        switch field {
        case .dimension: return Double(dimension)
        case .window: return Double(window)
        case .negative: return Double(negative)
        case .sample: return sample
        case .alpha: return alpha
        case .epochs: return Double(epochs)
        case .threads: return Double(threads)
        case .noisePower: return noisePower
        case .subwordMin: return Double(subwords?.lowerBound ?? 1)
        case .subwordMax: return Double(subwords?.upperBound ?? 1)
        case .buckets: return Double(buckets)
        }
    }

    /// Checks every field against `allowed`; the error carries the field, its value and the range.
    public func validate() throws {
        for field in Field.allCases {
            let value = value(of: field), range = Self.allowed(field)
            if !(value.isFinite && range.contains(value)) {
                throw SkipGramError.invalidConfiguration(field: field, value: value, allowed: range)
            }
        }
    }
}

import Foundation

import Embeddings
import Kernels

/// A sequence tagger's weights and its forward and backward passes:
/// [word vector | suffix vectors | flags] per token (`TokenFeatures`) -> input dropout ->
/// the recurrent layers (`RecurrentEngine`) -> output dropout -> dense -> softmax per token, with the summed
/// per-token cross-entropy as the loss (the many-to-many RNN of Graves 2012, ch. 3; the
/// BiLSTM tagger of Huang, Xu & Yu 2015 without its CRF).
///
/// `parameters` holds the recurrent layers and the dense layer (`layout`, as the
/// classifier's `ParameterLayout`), followed by the suffix tables; the word table
/// `embeddings` is apart, updated sparsely. Sentences run in padded batches
/// (`TaggerNetwork+Batch`); the one-sentence scalar reference they are checked against lives
/// in the tests (`Tests/RecurrentTests/Reference`). The value is immutable during a batch, so
/// worker threads share it.
public struct TaggerNetwork<T: Real>: Sendable {
    public let configuration: TaggerConfiguration
    /// Offsets of the recurrent and dense tensors in `parameters`.
    public let layout: ParameterLayout
    /// Recurrent and dense weights (`layout`), then the suffix tables
    /// (`TokenFeatures.suffixLengths x suffixBuckets x suffixDimension`).
    public var parameters: [T]
    /// `vocabularySize x wordDimension`, row-major; row 0 is the shared unknown word.
    public var embeddings: [T]

    public init(configuration: TaggerConfiguration, parameters: [T], embeddings: [T]) {
        let layout = ParameterLayout(configuration.recurrent)
        precondition(parameters.count == layout.count + configuration.suffixCount,
                     "TaggerNetwork: \(parameters.count) parameters, the configuration needs \(layout.count + configuration.suffixCount)")
        precondition(!embeddings.isEmpty && embeddings.count % configuration.wordDimension == 0,
                     "TaggerNetwork: the embedding table is not a whole number of rows")
        self.configuration = configuration
        self.layout = layout
        self.parameters = parameters
        self.embeddings = embeddings
    }

    /// A new network around `embeddings`: recurrent and dense weights initialised as
    /// `RecurrentNetwork`'s, suffix vectors uniform in +-0.1.
    public init(configuration: TaggerConfiguration, embeddings: [T], seed: UInt64) {
        let recurrent = RecurrentNetwork<T>(configuration: configuration.recurrent,
                                            embeddings: [T](repeating: 0, count: configuration.inputWidth), seed: seed)
        var rng = SeededGenerator(seed: seed, stream: 0x5F1, index: 0)
        let suffixes = (0..<configuration.suffixCount).map { _ in T(0.2 * rng.uniform() - 0.1) }
        self.init(configuration: configuration, parameters: recurrent.parameters + suffixes, embeddings: embeddings)
    }

    public var vocabularySize: Int { embeddings.count / configuration.wordDimension }
    var suffixOffset: Int { layout.count }

    /// Dropout masks for one sentence: on the input vectors (steps x inputWidth) and on the
    /// top layer's outputs (steps x outputWidth); inverted dropout (Srivastava et al. 2014).
    public struct Masks: Sendable {
        public var input: [T]
        public var output: [T]
        public init(input: [T], output: [T]) {
            self.input = input
            self.output = output
        }
    }

    /// Writes the input row of token `t` of `sentence`, [word vector | suffix vectors | flags],
    /// at `row` (`configuration.inputWidth` values).
    @inline(__always)
    func features(_ sentence: EncodedSentence, _ t: Int, into row: UnsafeMutablePointer<T>,
                  parameters p: UnsafePointer<T>, table: UnsafePointer<T>) {
        let e = configuration.wordDimension, sd = configuration.suffixDimension, lengths = TokenFeatures.suffixLengths
        let word = table + Int(sentence.words[t]) * e
        for k in 0..<e { row[k] = word[k] }
        for l in 0..<lengths {
            let suffix = p + suffixOffset + Int(sentence.suffixes[t * lengths + l]) * sd
            for k in 0..<sd { row[e + l * sd + k] = suffix[k] }
        }
        let flags = sentence.flags[t], base = e + lengths * sd
        for b in 0..<TokenFeatures.flagCount { row[base + b] = flags & (1 << b) != 0 ? 1 : 0 }
    }
}

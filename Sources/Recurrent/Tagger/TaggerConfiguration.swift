/// The shape of a sequence tagger: per token, [word vector | suffix vectors | indicator
/// flags] -> `layers` recurrent layers (bidirectional by default) -> dropout -> dense ->
/// softmax over the tags, at every step.
public struct TaggerConfiguration: Sendable, Codable, Equatable {
    public var cell: CellKind
    public var bidirectional: Bool
    public var layers: Int
    /// Hidden units per direction.
    public var hidden: Int
    /// Width of the word vectors.
    public var wordDimension: Int
    /// Width of each suffix vector (0: no suffix features).
    public var suffixDimension: Int
    /// Rows of each suffix table (hash buckets).
    public var suffixBuckets: Int
    /// Number of tags.
    public var tags: Int

    public init(cell: CellKind = .gru, bidirectional: Bool = true, layers: Int = 1, hidden: Int = 100,
                wordDimension: Int, suffixDimension: Int = 10, suffixBuckets: Int = 2048, tags: Int) {
        precondition(layers >= 1 && hidden >= 1 && wordDimension >= 1 && suffixDimension >= 0 && suffixBuckets >= 1 && tags >= 2,
                     "TaggerConfiguration: sizes must be positive, tags at least 2")
        self.cell = cell
        self.bidirectional = bidirectional
        self.layers = layers
        self.hidden = hidden
        self.wordDimension = wordDimension
        self.suffixDimension = suffixDimension
        self.suffixBuckets = suffixBuckets
        self.tags = tags
    }

    /// Width of one token's input to the first layer.
    public var inputWidth: Int { wordDimension + TokenFeatures.suffixLengths * suffixDimension + TokenFeatures.flagCount }
    /// Values in the suffix tables.
    public var suffixCount: Int { TokenFeatures.suffixLengths * suffixBuckets * suffixDimension }
    /// The recurrent layers and the per-token dense layer, as the classifier's configuration
    /// describes them (pooling unused).
    public var recurrent: NetworkConfiguration {
        NetworkConfiguration(cell: cell, bidirectional: bidirectional, layers: layers, hidden: hidden, pooling: .final,
                             embeddingDimension: inputWidth, classes: tags)
    }
}

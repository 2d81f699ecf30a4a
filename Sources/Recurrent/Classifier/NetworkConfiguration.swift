import Kernels
/// How the outputs of the top layer over time become one sentence vector.
public enum Pooling: String, Sendable, Codable, CaseIterable {
    /// The final hidden state: `h_T` of the forward direction, concatenated for a
    /// bidirectional layer with the backward direction's final state (at the first word).
    case final
    /// The mean over time of the top layer's outputs.
    case mean
    /// The element-wise maximum over time of the top layer's outputs.
    case max
}

/// The shape of a recurrent sentence classifier: embeddings -> `layers` recurrent layers
/// (each optionally bidirectional) -> pooling -> dropout -> dense -> softmax.
public struct NetworkConfiguration: Sendable, Codable, Equatable {
    public var cell: CellKind
    public var bidirectional: Bool
    public var layers: Int
    /// Hidden units per direction.
    public var hidden: Int
    public var pooling: Pooling
    /// Width of the word vectors.
    public var embeddingDimension: Int
    /// Number of labels.
    public var classes: Int

    public init(cell: CellKind, bidirectional: Bool, layers: Int, hidden: Int, pooling: Pooling,
                embeddingDimension: Int, classes: Int) {
        precondition(layers >= 1 && hidden >= 1 && embeddingDimension >= 1 && classes >= 2,
                     "NetworkConfiguration: layers, hidden and dimension must be positive, classes at least 2")
        self.cell = cell
        self.bidirectional = bidirectional
        self.layers = layers
        self.hidden = hidden
        self.pooling = pooling
        self.embeddingDimension = embeddingDimension
        self.classes = classes
    }

    /// 2 for a bidirectional network, else 1.
    public var directions: Int { bidirectional ? 2 : 1 }
    /// Width of a layer's output at one time step (both directions), and of the sentence vector.
    public var outputWidth: Int { directions * hidden }
    /// Width of the input of layer `layer`.
    public func inputWidth(layer: Int) -> Int { layer == 0 ? embeddingDimension : outputWidth }
}

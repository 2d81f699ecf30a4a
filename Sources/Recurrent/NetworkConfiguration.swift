import Kernels
/// The recurrent unit of a layer.
public enum CellKind: String, Sendable, Codable, CaseIterable {
    /// Elman (1990) simple recurrent network: `h_t = tanh(W x_t + U h_{t-1} + b)`.
    case rnn
    /// Gated recurrent unit (Cho et al. 2014), reset gate applied before the recurrent product:
    /// `h_t = (1 - z) * h_{t-1} + z * tanh(W_n x_t + U_n (r * h_{t-1}) + b_n)`.
    case gru
    /// Long short-term memory (Hochreiter & Schmidhuber 1997, with the forget gate of
    /// Gers et al. 2000), forget-gate bias initialised to 1 (Jozefowicz et al. 2015).
    case lstm

    /// Number of gate blocks of `hidden` rows in the stacked weight matrices.
    public var gateCount: Int {
        switch self {
        case .rnn: return 1
        case .gru: return 3
        case .lstm: return 4
        }
    }
}

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

import Kernels

/// The shape of a word-level recurrent language model (PyTorch's `word_language_model`
/// `RNNModel`): embedding -> dropout -> `layers` recurrent layers (dropout between them) ->
/// dropout -> linear decoder over the vocabulary -> softmax.
///
/// The cells follow PyTorch's `nn.GRU`/`nn.LSTM`/`nn.RNN` equations, with an input bias and a
/// recurrent bias per gate (the GRU's recurrent bias of `n` sits inside the reset product:
/// `n = tanh(W_n x + b_in + r * (U_n h + b_hn))`), so that every gate of all steps comes from
/// one GEMM over the inputs and one per step over the hidden states.
public struct LanguageModelConfiguration: Sendable, Codable, Equatable {
    public var cell: CellKind
    public var vocabularySize: Int
    /// Width of the word vectors.
    public var dimension: Int
    public var hidden: Int
    public var layers: Int
    /// Output weights are the embedding table (Press & Wolf 2017); needs `hidden == dimension`.
    public var tied: Bool

    public init(cell: CellKind, vocabularySize: Int, dimension: Int, hidden: Int, layers: Int, tied: Bool) {
        self.cell = cell
        self.vocabularySize = vocabularySize
        self.dimension = dimension
        self.hidden = hidden
        self.layers = layers
        self.tied = tied
    }

    /// Rows of the stacked gate matrices.
    public var gateRows: Int { cell.gateCount * hidden }
    func inputWidth(layer: Int) -> Int { layer == 0 ? dimension : hidden }
}

/// Where each tensor of a language model lives in its one flat parameter array:
/// the embedding `E` (V x d) first, then per layer `W` (G*H x in), `U` (G*H x H), `b` (G*H),
/// `c` (G*H, the recurrent bias), then the decoder `Wo` (V x H; absent when tied, which reads
/// `E`) and `bo` (V). One flat array makes Adam, clipping and the file one loop each.
public struct LanguageModelLayout: Sendable, Equatable {
    public struct Layer: Sendable, Equatable {
        public let input: Int, recurrent: Int, bias: Int, recurrentBias: Int
    }
    public let embedding: Int
    public let layers: [Layer]
    /// Offset of the decoder weights (`embedding` when tied).
    public let decoder: Int
    public let decoderBias: Int
    public let count: Int

    public init(_ c: LanguageModelConfiguration) {
        guard let layout = LanguageModelLayout(c, limit: .max) else { preconditionFailure("LanguageModelLayout: \(c) overflows Int") }
        self = layout
    }

    /// The layout of `c`, or nil when it would hold more than `limit` parameters (or a size
    /// overflows `Int`): how a model file's header is checked against the file's size.
    /// - Complexity: O(layers), at most O(limit) since every layer takes at least 4 values.
    init?(_ c: LanguageModelConfiguration, limit: Int) {
        guard c.hidden <= limit, c.dimension <= limit, c.layers <= limit, c.vocabularySize <= limit,
              let g = CheckedSize.product(c.cell.gateCount, c.hidden, limit: limit) else { return nil }
        var space = CheckedSize.Allocator(limit: limit)
        embedding = space.take(c.vocabularySize, c.dimension)
        var layers: [Layer] = []
        for l in 0..<c.layers {
            layers.append(Layer(input: space.take(g, c.inputWidth(layer: l)), recurrent: space.take(g, c.hidden),
                                bias: space.take(g), recurrentBias: space.take(g)))
            guard !space.exceeded else { return nil }
        }
        self.layers = layers
        decoder = c.tied ? embedding : space.take(c.vocabularySize, c.hidden)
        decoderBias = space.take(c.vocabularySize)
        guard !space.exceeded else { return nil }
        count = space.offset
    }
}

extension LanguageModelLayout {
    /// The recurrent layers of `c` as the engine runs them: PyTorch's cells, the GRU with its
    /// reset after the recurrent product, a recurrent bias per gate, one direction.
    func stack(_ c: LanguageModelConfiguration) -> RecurrentStackLayout {
        RecurrentStackLayout(cell: RecurrentCell(kind: c.cell, hidden: c.hidden, gru: .resetAfterProduct),
                             weights: layers.enumerated().map { l, layer in
                                 [RecurrentWeights(input: layer.input, width: c.inputWidth(layer: l), recurrent: layer.recurrent,
                                                   bias: layer.bias, recurrentBias: layer.recurrentBias)]
                             })
    }
}

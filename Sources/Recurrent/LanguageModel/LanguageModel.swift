import Kernels
import Embeddings

/// A word-level recurrent language model (PyTorch `word_language_model`'s `RNNModel`): its
/// configuration and all its weights in one flat array (`LanguageModelLayout`).
/// Generic over `Real`: `Float` to train, `Double` for the gradient checks.
public struct LanguageModel<T: Real>: Sendable {
    public let configuration: LanguageModelConfiguration
    public let layout: LanguageModelLayout
    public var parameters: [T]

    public init(configuration: LanguageModelConfiguration, parameters: [T]) {
        let layout = LanguageModelLayout(configuration)
        precondition(parameters.count == layout.count, "LanguageModel: \(parameters.count) parameters for a layout of \(layout.count)")
        self.configuration = configuration
        self.layout = layout
        self.parameters = parameters
    }

    /// PyTorch's initialisation: embedding and decoder uniform in (-0.1, 0.1), decoder bias 0,
    /// recurrent weights and biases uniform in (-1/sqrt(H), 1/sqrt(H)).
    public init(configuration c: LanguageModelConfiguration, seed: UInt64) {
        let layout = LanguageModelLayout(c)
        var generator = SeededGenerator(seed: seed)
        var p = [T](repeating: 0, count: layout.count)
        func fill(_ offset: Int, _ count: Int, _ bound: Double) {
            for i in offset ..< offset + count { p[i] = T((generator.uniform() * 2 - 1) * bound) }
        }
        fill(layout.embedding, c.vocabularySize * c.dimension, 0.1)
        let bound = 1 / Double(c.hidden).squareRoot(), g = c.gateRows
        for (l, layer) in layout.layers.enumerated() {
            fill(layer.input, g * c.inputWidth(layer: l), bound)
            fill(layer.recurrent, g * c.hidden, bound)
            fill(layer.bias, g, bound)
            fill(layer.recurrentBias, g, bound)
        }
        if !c.tied { fill(layout.decoder, c.vocabularySize * c.hidden, 0.1) }
        self.init(configuration: c, parameters: p)
    }

    /// A zero hidden state for `batch` streams.
    public func initialState(batch: Int) -> LanguageModelState<T> {
        let c = configuration
        let zeros = [T](repeating: 0, count: batch * c.hidden)
        return LanguageModelState(batch: batch, hidden: Array(repeating: zeros, count: c.layers),
                                  cells: c.cell == .lstm ? Array(repeating: zeros, count: c.layers) : [])
    }
}

/// The hidden state carried from one chunk to the next (detached: it is a value, and no
/// gradient flows into it, as PyTorch's `repackage_hidden`).
public struct LanguageModelState<T: Real>: Sendable {
    public let batch: Int
    /// Per layer, `batch x H`.
    public var hidden: [[T]]
    /// LSTM memory cells per layer, `batch x H` (empty for GRU and Elman).
    public var cells: [[T]]
}

/// Everything one forward pass over a chunk keeps for its backward pass.
struct ChunkTrace<T: Real> {
    var steps: Int, batch: Int
    var tokens: [Int32]
    var targets: [Int32]
    /// Dropout multipliers (0 or 1/(1-p)) of each layer's input, and of the top output;
    /// empty without dropout.
    var inputMasks: [[T]] = []
    var outputMask: [T] = []
    var stack = RecurrentStackTrace<T>()
    /// The decoder's input, `steps*batch x H`.
    var output: [T] = []
    /// Softmax probabilities, `steps*batch x V`; with targets, minus 1 at each row's target
    /// (the gradient of `loss` with respect to the logits, which `backward` reads).
    var probabilities: [T] = []
    /// Summed negative log-likelihood of the targets, in nats.
    var loss: Double = 0
}

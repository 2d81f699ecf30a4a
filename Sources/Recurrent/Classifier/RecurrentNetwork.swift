import Embeddings
import Kernels
/// A recurrent sentence classifier's weights:
/// embeddings -> stacked (bi)directional RNN/GRU/LSTM layers -> pooling -> dropout ->
/// dense -> softmax cross-entropy. A sentence is a sequence of embedding-row ids; row 0
/// is the shared out-of-vocabulary vector.
///
/// Sentences run in padded batches on `RecurrentEngine` (`RecurrentNetwork+Batch`); the
/// one-sentence scalar reference they are checked against lives in the tests
/// (`Tests/RecurrentTests/Reference`). The value is immutable during a batch, so workers
/// share it without locks.
public struct RecurrentNetwork<T: Real>: Sendable {
    public let configuration: NetworkConfiguration
    public let layout: ParameterLayout
    /// All weights but the embeddings, laid out by `layout`.
    public var parameters: [T]
    /// The embedding table, `vocabularySize x embeddingDimension`, row-major.
    public var embeddings: [T]

    /// Wraps existing weights (e.g. read from a model file).
    public init(configuration: NetworkConfiguration, parameters: [T], embeddings: [T]) {
        let layout = ParameterLayout(configuration)
        precondition(parameters.count == layout.count, "RecurrentNetwork: \(parameters.count) parameters, layout needs \(layout.count)")
        precondition(!embeddings.isEmpty && embeddings.count % configuration.embeddingDimension == 0,
                     "RecurrentNetwork: the embedding table is not a whole number of rows")
        self.configuration = configuration
        self.layout = layout
        self.parameters = parameters
        self.embeddings = embeddings
    }

    /// A new network around `embeddings`, its other weights drawn from `seed`: recurrent
    /// and input matrices uniform in +-1/sqrt(hidden) (as PyTorch's RNN layers), the dense
    /// layer uniform in +-sqrt(6 / (fan-in + fan-out)) (Glorot & Bengio 2010), biases 0
    /// except the LSTM forget gate's, 1 (Jozefowicz et al. 2015).
    public init(configuration: NetworkConfiguration, embeddings: [T], seed: UInt64) {
        let layout = ParameterLayout(configuration)
        var rng = SeededGenerator(seed: seed)
        var p = [T](repeating: 0, count: layout.count)
        func fill(_ t: ParameterLayout.Tensor, _ bound: Double) {
            for i in t.range { p[i] = T(bound * (2 * rng.uniform() - 1)) }
        }
        let h = configuration.hidden
        for row in layout.directions {
            for dir in row {
                fill(dir.input, 1 / Double(h).squareRoot())
                fill(dir.recurrent, 1 / Double(h).squareRoot())
                if configuration.cell == .lstm {
                    for k in 0..<h { p[dir.bias.offset + h + k] = 1 }
                }
            }
        }
        fill(layout.dense, (6 / Double(layout.dense.rows + layout.dense.cols)).squareRoot())
        self.init(configuration: configuration, parameters: p, embeddings: embeddings)
    }

    /// Number of rows of the embedding table.
    public var vocabularySize: Int { embeddings.count / configuration.embeddingDimension }

}

import Kernels

/// The recurrent unit of a layer.
public enum CellKind: String, Sendable, Codable, CaseIterable {
    /// Gated recurrent unit (Cho et al. 2014), in one of two `GRUFormulation`s.
    case gru
    /// Long short-term memory (Hochreiter & Schmidhuber 1997, with the forget gate of
    /// Gers et al. 2000), forget-gate bias initialised to 1 (Jozefowicz et al. 2015).
    case lstm
    /// Elman (1990) simple recurrent network: `h_t = tanh(W x_t + U h_{t-1} + b)`.
    case rnn
    /// Minimal gated unit (Zhou, Wu, Zhang & Zhou 2016): one gate for both of the GRU's,
    /// `f = sigmoid(W_f x + U_f h + b_f)`, `n = tanh(W_n x + U_n (f * h) + b_n)`,
    /// `h' = (1 - f) * h + f * n`; two thirds of a GRU's weights.
    case mgu

    /// Number of gate blocks of `hidden` rows in the stacked weight matrices.
    public var gateCount: Int {
        switch self {
        case .rnn: return 1
        case .gru: return 3
        case .lstm: return 4
        case .mgu: return 2
        }
    }
}

/// Where a GRU applies its reset gate. The two are different functions (no weight mapping
/// turns one into the other), so each model kind fixes one (`ParameterLayout.stack`,
/// `LanguageModelLayout.stack`) and its files hold weights for that one.
public enum GRUFormulation: String, Sendable, Codable, CaseIterable {
    /// Cho et al. (2014), eq. 5-8: `n = tanh(W_n x + U_n (r * h) + b_n)`,
    /// `h' = (1 - z) * h + z * n`. The reset multiplies the state before `U_n`, so each step
    /// needs two recurrent products (`U_rz h`, then `U_n (r * h)`). The classifier and the
    /// tagger use it: their model files have been written with it since they exist.
    case resetBeforeProduct
    /// PyTorch's `nn.GRU` and cuDNN: `n = tanh(W_n x + b_in + r * (U_n h + b_hn))`,
    /// `h' = (1 - z) * n + z * h`. The reset multiplies the product, so one GEMM per step
    /// covers all three gates. The language model uses it, to be PyTorch's
    /// `word_language_model` bit for bit in its equations and to save the second product.
    case resetAfterProduct
}

/// The cell of one recurrent layer as `RecurrentEngine` runs it.
///
/// Adding a cell type: a `CellKind` case with its `gateCount`, its step in
/// `RecurrentEngine.forward` and `backward` (one `case` each), and its scalar reference in
/// the tests (`Tests/RecurrentTests/Reference`), against which `BatchedEquivalenceTests` check it.
struct RecurrentCell: Sendable, Equatable {
    let kind: CellKind
    let hidden: Int
    /// Read only when `kind == .gru`.
    let gru: GRUFormulation

    /// Rows of the stacked gate matrices.
    var gates: Int { kind.gateCount * hidden }
}

/// Where one direction of one layer keeps its weights in a model's flat parameter array.
struct RecurrentWeights: Sendable, Equatable {
    /// `W`, `gates x width`, row-major.
    let input: Int
    /// Width of the layer's input.
    let width: Int
    /// `U`, `gates x hidden`.
    let recurrent: Int
    /// `b`, `gates`.
    let bias: Int
    /// `c`, a second bias per gate (PyTorch's `b_hh`); nil for models without one.
    let recurrentBias: Int?
}

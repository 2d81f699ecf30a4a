import Kernels

/// Where a GRU applies its reset gate. The two are different functions (no weight mapping
/// turns one into the other), so a model file records which one its weights were trained for.
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

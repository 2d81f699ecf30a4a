import Kernels
/// Where each weight tensor lives in a network's one flat parameter array (the embedding
/// table is kept apart, since it is updated sparsely). One flat array makes the optimiser,
/// gradient clipping, per-worker gradient buffers and the model file one loop each.
///
/// Order: for each layer, for each direction (forward, then backward): `W` (gates*hidden x
/// input), `U` (gates*hidden x hidden), `b` (gates*hidden); then the dense layer `Wd`
/// (classes x outputWidth) and `bd` (classes). Gate blocks are stacked in the order
/// r, z, n (GRU) and i, f, g, o (LSTM).
public struct ParameterLayout: Sendable, Equatable {
    /// One tensor: a named range of the flat array.
    public struct Tensor: Sendable, Equatable {
        public let name: String
        public let offset: Int
        public let rows: Int
        public let cols: Int
        /// Weight matrices get L2 decay; biases do not.
        public let isWeight: Bool
        public var count: Int { rows * cols }
        public var range: Range<Int> { offset ..< offset + count }
    }

    /// Offsets of one direction of one layer.
    public struct Direction: Sendable, Equatable {
        public let input: Tensor
        public let recurrent: Tensor
        public let bias: Tensor
    }

    /// `directions[layer][direction]`.
    public let directions: [[Direction]]
    public let dense: Tensor
    public let denseBias: Tensor
    /// Total number of parameters (embeddings excluded).
    public let count: Int

    public init(_ c: NetworkConfiguration) {
        guard let layout = ParameterLayout(c, limit: .max) else { preconditionFailure("ParameterLayout: \(c) overflows Int") }
        self = layout
    }

    /// The layout of `c`, or nil when it would hold more than `limit` parameters (or a size
    /// overflows `Int`): how a model file's header is checked against the file's size.
    /// - Complexity: O(layers), at most O(limit) since every layer takes at least 3 values.
    init?(_ c: NetworkConfiguration, limit: Int) {
        guard c.hidden <= limit, c.embeddingDimension <= limit, c.layers <= limit, c.classes <= limit,
              let gates = CheckedSize.product(c.cell.gateCount, c.hidden, limit: limit) else { return nil }
        var space = CheckedSize.Allocator(limit: limit)
        func tensor(_ name: String, _ rows: Int, _ cols: Int, weight: Bool) -> Tensor {
            Tensor(name: name, offset: space.take(rows, cols), rows: rows, cols: cols, isWeight: weight)
        }
        var directions: [[Direction]] = []
        for layer in 0..<c.layers {
            var row: [Direction] = []
            for d in 0..<c.directions {
                let tag = "layer\(layer).\(d == 0 ? "forward" : "backward")"
                row.append(Direction(input: tensor(tag + ".W", gates, c.inputWidth(layer: layer), weight: true),
                                     recurrent: tensor(tag + ".U", gates, c.hidden, weight: true),
                                     bias: tensor(tag + ".b", gates, 1, weight: false)))
            }
            guard !space.exceeded else { return nil }
            directions.append(row)
        }
        self.directions = directions
        dense = tensor("dense.W", c.classes, c.outputWidth, weight: true)
        denseBias = tensor("dense.b", c.classes, 1, weight: false)
        guard !space.exceeded else { return nil }
        count = space.offset
    }

    /// Every tensor, in storage order.
    public var tensors: [Tensor] {
        directions.flatMap { $0.flatMap { [$0.input, $0.recurrent, $0.bias] } } + [dense, denseBias]
    }
}

extension ParameterLayout {
    /// The recurrent layers of `c` as the engine runs them: the GRU with its reset before
    /// `U_n` (the formulation classifier and tagger files have always held), no recurrent bias.
    func stack(_ c: NetworkConfiguration) -> RecurrentStackLayout {
        RecurrentStackLayout(cell: RecurrentCell(kind: c.cell, hidden: c.hidden, gru: .resetBeforeProduct),
                             weights: directions.enumerated().map { layer, row in
                                 row.map { d in
                                     RecurrentWeights(input: d.input.offset, width: c.inputWidth(layer: layer),
                                                      recurrent: d.recurrent.offset, bias: d.bias.offset, recurrentBias: nil)
                                 }
                             })
    }
}

import Embeddings
@testable import Recurrent
import Kernels

/// Small random networks for the tests.
enum TestNetworks {
    /// A network with a random embedding table (uniform in +-2, so that states move from step to step) and every parameter, biases included,
    /// uniform in +-0.6 (so no gradient is trivially zero).
    static func random<T: Real>(_ configuration: NetworkConfiguration, vocabulary: Int, seed: UInt64) -> RecurrentNetwork<T> {
        var rng = SeededGenerator(seed: seed)
        let embeddings = (0..<(vocabulary * configuration.embeddingDimension)).map { _ in T(rng.uniform() * 4 - 2) }
        var network = RecurrentNetwork<T>(configuration: configuration, embeddings: embeddings, seed: seed)
        for i in network.parameters.indices { network.parameters[i] = T(1.2 * rng.uniform() - 0.6) }
        return network
    }

    /// Euclidean distance between two networks' weights, embeddings included.
    static func distance<T: Real>(_ x: RecurrentNetwork<T>, _ y: RecurrentNetwork<T>) -> Double {
        var sum = 0.0
        for (a, b) in zip(x.parameters + x.embeddings, y.parameters + y.embeddings) {
            sum += (Double(a) - Double(b)) * (Double(a) - Double(b))
        }
        return sum.squareRoot()
    }
}

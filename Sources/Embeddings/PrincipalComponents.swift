/// Principal component analysis of a few points (rows), in `Double`: the leading eigenvectors of
/// their covariance, as sklearn's `PCA(n_components).fit` (centred, no scaling). Through the
/// d x d covariance matrix, or the n x n Gram matrix of the centred points when n < d (then the
/// axes are Xᵀv/√λ), each decomposed by cyclic Jacobi (`SymmetricEigen`).
public struct PrincipalComponents: Sendable {
    /// The points' mean (length d).
    public let mean: [Double]
    /// Unit axes, largest variance first (each length d).
    public let axes: [[Double]]
    /// Variance along each axis (population, divided by n) and its share of the total.
    public let variances: [Double]
    public let explainedShare: [Double]

    /// Fits `count` components to `points` (all of the same length d; at least two points).
    /// Each axis is oriented so that its largest-magnitude coordinate is positive (deterministic).
    /// - Complexity: O(min(n, d)³) per Jacobi sweep plus O(n d min(n, d)) to form the matrix.
    public init(points: [[Double]], count: Int) {
        precondition(points.count >= 2 && count >= 1, "PrincipalComponents: need two points")
        let n = points.count, d = points[0].count
        var mean = [Double](repeating: 0, count: d)
        for p in points { for k in 0..<d { mean[k] += p[k] } }
        for k in 0..<d { mean[k] /= Double(n) }
        let x = points.map { p in (0..<d).map { p[$0] - mean[$0] } }
        var axes: [[Double]] = []
        var values: [Double]
        if n < d {
            var gram = [Double](repeating: 0, count: n * n)
            for i in 0..<n { for j in i..<n {
                var s = 0.0
                for k in 0..<d { s += x[i][k] * x[j][k] }
                gram[i * n + j] = s; gram[j * n + i] = s
            } }
            let (eigenvalues, vectors) = SymmetricEigen.decompose(gram, n: n)
            values = eigenvalues
            for c in 0..<Swift.min(count, n) {
                var axis = [Double](repeating: 0, count: d)
                for i in 0..<n { for k in 0..<d { axis[k] += x[i][k] * vectors[c][i] } }
                axes.append(axis)
            }
        } else {
            var cov = [Double](repeating: 0, count: d * d)
            for p in x { for i in 0..<d where p[i] != 0 { for j in i..<d { cov[i * d + j] += p[i] * p[j] } } }
            for i in 0..<d { for j in i..<d { cov[j * d + i] = cov[i * d + j] } }
            let (eigenvalues, vectors) = SymmetricEigen.decompose(cov, n: d)
            values = eigenvalues
            axes = Array(vectors.prefix(count))
        }
        axes = axes.map { axis in
            let norm = axis.reduce(0) { $0 + $1 * $1 }.squareRoot()
            var unit = norm > 0 ? axis.map { $0 / norm } : axis
            if let big = unit.indices.max(by: { abs(unit[$0]) < abs(unit[$1]) }), unit[big] < 0 { unit = unit.map { -$0 } }
            return unit
        }
        let total = values.reduce(0) { $0 + Swift.max($1, 0) }
        self.mean = mean
        self.axes = axes
        self.variances = values.prefix(axes.count).map { Swift.max($0, 0) / Double(n) }
        self.explainedShare = values.prefix(axes.count).map { total > 0 ? Swift.max($0, 0) / total : 0 }
    }

    /// Coordinates of `point` on the axes: (point - mean) · axis.
    public func project(_ point: [Double]) -> [Double] {
        axes.map { axis in zip(zip(point, mean), axis).reduce(0) { $0 + ($1.0.0 - $1.0.1) * $1.1 } }
    }
}

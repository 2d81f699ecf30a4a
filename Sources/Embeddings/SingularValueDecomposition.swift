/// Singular value decomposition M = U diag(σ) Vᵀ of a small dense matrix, in `Double`, by the
/// one-sided Jacobi method (Hestenes 1958; Demmel & Veselić 1992, "Jacobi's method is more
/// accurate than QR"): plane rotations applied to the columns of M until every pair of columns
/// is orthogonal; the column norms are then σ, the normalised columns U, the accumulated
/// rotations V. It works on M itself, never on MᵀM, so small singular values of an
/// ill-conditioned matrix keep their relative accuracy (numpy's LAPACK `gesdd` is the reference
/// in the tests).
///
/// Used by orthogonal Procrustes (`Embeddings.alignment`), where M = Bᵀ A is dimension x dimension.
public struct SingularValueDecomposition: Sendable {
    /// Rows and columns of M.
    public let rows: Int
    public let columns: Int
    /// Left singular vectors, `rows x columns` row-major (U's columns are orthonormal; columns
    /// of a rank-deficient M are completed to an orthonormal set).
    public let u: [Double]
    /// Singular values, descending, `columns` of them.
    public let singularValues: [Double]
    /// Right singular vectors, `columns x columns` row-major (V, not Vᵀ; orthogonal).
    public let v: [Double]
    /// Jacobi sweeps used.
    public let sweeps: Int

    /// Decomposes the `rows x columns` row-major matrix `m` (`rows >= columns`).
    /// - Complexity: O(rows x columns² ) per sweep; usually 6-10 sweeps.
    public init(_ m: [Double], rows: Int, columns: Int) {
        precondition(rows >= columns && columns > 0 && m.count == rows * columns,
                     "SingularValueDecomposition: need rows >= columns > 0 and rows x columns values")
        let n = columns
        // Work on columns: a[j] is column j of M, contiguous.
        var a = [Double](repeating: 0, count: rows * n)
        for i in 0..<rows { for j in 0..<n { a[j * rows + i] = m[i * n + j] } }
        var vt = [Double](repeating: 0, count: n * n)  // column j of V at vt[j*n ..< (j+1)*n]
        for j in 0..<n { vt[j * n + j] = 1 }
        var sweeps = 0
        a.withUnsafeMutableBufferPointer { a in
            vt.withUnsafeMutableBufferPointer { vt in
                for sweep in 1...60 {
                    sweeps = sweep
                    var rotated = false
                    for p in 0..<(n - 1) {
                        for q in (p + 1)..<n {
                            var alpha = 0.0, beta = 0.0, gamma = 0.0
                            let cp = p * rows, cq = q * rows
                            for i in 0..<rows {
                                let x = a[cp + i], y = a[cq + i]
                                alpha += x * x; beta += y * y; gamma += x * y
                            }
                            // Columns already orthogonal to working precision (relative test).
                            if gamma == 0 || abs(gamma) <= 1e-15 * (alpha * beta).squareRoot() { continue }
                            rotated = true
                            let zeta = (beta - alpha) / (2 * gamma)
                            let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                            let c = 1 / (1 + t * t).squareRoot(), s = c * t
                            for i in 0..<rows {
                                let x = a[cp + i], y = a[cq + i]
                                a[cp + i] = c * x - s * y
                                a[cq + i] = s * x + c * y
                            }
                            let vp = p * n, vq = q * n
                            for i in 0..<n {
                                let x = vt[vp + i], y = vt[vq + i]
                                vt[vp + i] = c * x - s * y
                                vt[vq + i] = s * x + c * y
                            }
                        }
                    }
                    if !rotated { break }
                }
            }
        }
        var sigma = (0..<n).map { j in (0..<rows).reduce(0.0) { $0 + a[j * rows + $1] * a[j * rows + $1] }.squareRoot() }
        let order = (0..<n).sorted { sigma[$0] > sigma[$1] || (sigma[$0] == sigma[$1] && $0 < $1) }
        sigma = order.map { sigma[$0] }
        let largest = sigma.first ?? 0
        // U's columns: normalised columns of the rotated M; those of (numerically) zero singular
        // values are completed by Gram-Schmidt against the standard basis.
        var uColumns: [[Double]] = []
        var vColumns: [[Double]] = []
        for (k, j) in order.enumerated() {
            vColumns.append(Array(vt[j * n ..< (j + 1) * n]))
            if sigma[k] > largest * 1e-300 && sigma[k] > 0 {
                uColumns.append((0..<rows).map { a[j * rows + $0] / sigma[k] })
            } else {
                uColumns.append([])
            }
        }
        for k in 0..<n where uColumns[k].isEmpty {
            for e in 0..<rows {
                var candidate = [Double](repeating: 0, count: rows)
                candidate[e] = 1
                for other in uColumns where !other.isEmpty {
                    let d = zip(candidate, other).reduce(0) { $0 + $1.0 * $1.1 }
                    for i in 0..<rows { candidate[i] -= d * other[i] }
                }
                let norm = candidate.reduce(0) { $0 + $1 * $1 }.squareRoot()
                if norm > 0.5 { uColumns[k] = candidate.map { $0 / norm }; break }
            }
        }
        var u = [Double](repeating: 0, count: rows * n)
        var v = [Double](repeating: 0, count: n * n)
        for k in 0..<n {
            for i in 0..<rows { u[i * n + k] = uColumns[k][i] }
            for i in 0..<n { v[i * n + k] = vColumns[k][i] }
        }
        self.rows = rows
        self.columns = columns
        self.u = u
        self.singularValues = sigma
        self.v = v
        self.sweeps = sweeps
    }

    /// U diag(σ) Vᵀ, row-major (for checks).
    public func reconstructed() -> [Double] {
        var out = [Double](repeating: 0, count: rows * columns)
        for i in 0..<rows {
            for j in 0..<columns {
                var s = 0.0
                for k in 0..<columns { s += u[i * columns + k] * singularValues[k] * v[j * columns + k] }
                out[i * columns + j] = s
            }
        }
        return out
    }
}

import XCTest
@testable import Embeddings

/// Random orthogonal matrices (Gram-Schmidt of Gaussian columns, the Q of a QR decomposition)
/// and products Q1 diag(σ) Q2ᵀ with known singular values.
enum RandomMatrices {
    static func gaussian(_ n: Int, _ generator: inout SeededGenerator) -> [Double] {
        (0..<(n * n)).map { _ in generator.gaussian() }
    }

    /// A random n x n orthogonal matrix, row-major.
    static func orthogonal(_ n: Int, _ generator: inout SeededGenerator) -> [Double] {
        var a = gaussian(n, &generator)
        for j in 0..<n {
            for _ in 0..<2 {  // twice is enough (Giraud et al. 2005)
                for p in 0..<j {
                    var d = 0.0
                    for i in 0..<n { d += a[i * n + j] * a[i * n + p] }
                    for i in 0..<n { a[i * n + j] -= d * a[i * n + p] }
                }
            }
            var norm = 0.0
            for i in 0..<n { norm += a[i * n + j] * a[i * n + j] }
            for i in 0..<n { a[i * n + j] /= norm.squareRoot() }
        }
        return a
    }

    /// Rows x Q plus Gaussian noise of standard deviation `noise` (x row-major, `dimension` wide).
    static func rotate(_ x: [Float], dimension d: Int, by q: [Double], noise: Double, _ generator: inout SeededGenerator) -> [Float] {
        var out = [Float](repeating: 0, count: x.count)
        for w in 0..<(x.count / d) {
            for j in 0..<d {
                var s = 0.0
                for i in 0..<d { s += Double(x[w * d + i]) * q[i * d + j] }
                out[w * d + j] = Float(s + noise * generator.gaussian())
            }
        }
        return out
    }

    static func multiply(_ a: [Double], _ b: [Double], _ n: Int, transposeB: Bool = false) -> [Double] {
        var c = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { for k in 0..<n { c[i * n + j] += a[i * n + k] * (transposeB ? b[j * n + k] : b[k * n + j]) } } }
        return c
    }
}

final class SingularValueDecompositionTests: XCTestCase {
    private func assertOrthonormalColumns(_ m: [Double], rows: Int, columns: Int, accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
        for p in 0..<columns {
            for q in 0..<columns {
                var d = 0.0
                for i in 0..<rows { d += m[i * columns + p] * m[i * columns + q] }
                XCTAssertEqual(d, p == q ? 1 : 0, accuracy: accuracy, "columns \(p), \(q)", file: file, line: line)
            }
        }
    }

    /// By hand: M = [[3, 2, 0], [2, 3, 0], [2, -2, 0]]. MᵀM = [[17, 8, 0], [8, 17, 0], [0, 0, 0]] has
    /// eigenvalues 25, 9, 0, so σ = 5, 3, 0 with v1 = (1, 1, 0)/√2, v2 = (1, -1, 0)/√2, v3 = (0, 0, 1);
    /// u1 = M v1 / 5 = (1, 1, 0)/√2, u2 = M v2 / 3 = (1, -1, 4)/(3√2), and u3 completes them:
    /// ±(2, -2, -1)/3.
    func testHandCheckedThreeByThree() {
        let m: [Double] = [3, 2, 0, 2, 3, 0, 2, -2, 0]
        let svd = SingularValueDecomposition(m, rows: 3, columns: 3)
        XCTAssertEqual(svd.singularValues[0], 5, accuracy: 1e-12)
        XCTAssertEqual(svd.singularValues[1], 3, accuracy: 1e-12)
        XCTAssertEqual(svd.singularValues[2], 0, accuracy: 1e-12)
        let r = 1 / 2.0.squareRoot()
        // Singular vectors are defined up to sign: compare |u_k · expected| with 1.
        func column(_ a: [Double], _ k: Int) -> [Double] { (0..<3).map { a[$0 * 3 + k] } }
        func aligned(_ x: [Double], _ y: [Double]) -> Double { abs(zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }) }
        XCTAssertEqual(aligned(column(svd.v, 0), [r, r, 0]), 1, accuracy: 1e-12)
        XCTAssertEqual(aligned(column(svd.v, 1), [r, -r, 0]), 1, accuracy: 1e-12)
        XCTAssertEqual(aligned(column(svd.v, 2), [0, 0, 1]), 1, accuracy: 1e-12)
        XCTAssertEqual(aligned(column(svd.u, 0), [r, r, 0]), 1, accuracy: 1e-12)
        XCTAssertEqual(aligned(column(svd.u, 1), [r / 3, -r / 3, 4 * r / 3]), 1, accuracy: 1e-12)
        XCTAssertEqual(aligned(column(svd.u, 2), [2.0 / 3, -2.0 / 3, -1.0 / 3]), 1, accuracy: 1e-12)
        assertOrthonormalColumns(svd.u, rows: 3, columns: 3, accuracy: 1e-12)
        for (x, y) in zip(svd.reconstructed(), m) { XCTAssertEqual(x, y, accuracy: 1e-12) }
    }

    /// M = Q1 diag(σ) Q2ᵀ with random orthogonal Q1, Q2 (from QR of Gaussian matrices): the
    /// decomposition must give back σ and reconstruct M, for well-conditioned and for
    /// ill-conditioned (σ down to 1e-12, and exactly singular) matrices.
    func testRandomAndIllConditionedReconstructions() {
        var generator = SeededGenerator(seed: 42)
        let n = 12
        let spectra: [[Double]] = [
            (0..<n).map { 1 + Double(n - $0) },                         // well conditioned
            (0..<n).map { pow(10, -Double($0)) },                        // 1 ... 1e-11
            (0..<n).map { $0 < 4 ? 0 : pow(10, -Double($0 - 4)) }.sorted(by: >),  // rank 8
            [Double](repeating: 2, count: n),                            // all equal
        ]
        for sigma in spectra {
            let q1 = RandomMatrices.orthogonal(n, &generator), q2 = RandomMatrices.orthogonal(n, &generator)
            var scaled = q1
            for i in 0..<n { for k in 0..<n { scaled[i * n + k] *= sigma[k] } }
            let m = RandomMatrices.multiply(scaled, q2, n, transposeB: true)
            let svd = SingularValueDecomposition(m, rows: n, columns: n)
            for (got, want) in zip(svd.singularValues, sigma) { XCTAssertEqual(got, want, accuracy: 1e-13 * sigma[0] + 1e-9 * want) }
            let back = svd.reconstructed()
            for (x, y) in zip(back, m) { XCTAssertEqual(x, y, accuracy: 1e-13 * sigma[0]) }
            assertOrthonormalColumns(svd.u, rows: n, columns: n, accuracy: 1e-10)
            assertOrthonormalColumns(svd.v, rows: n, columns: n, accuracy: 1e-12)
            XCTAssertLessThan(svd.sweeps, 30)
        }
        // A Gaussian matrix: reconstruction only.
        let g = RandomMatrices.gaussian(n, &generator)
        let svd = SingularValueDecomposition(g, rows: n, columns: n)
        for (x, y) in zip(svd.reconstructed(), g) { XCTAssertEqual(x, y, accuracy: 1e-12) }
        XCTAssertEqual(svd.singularValues, svd.singularValues.sorted(by: >))
    }
}

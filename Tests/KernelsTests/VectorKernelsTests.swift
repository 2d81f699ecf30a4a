import XCTest
import Kernels

/// The SIMD kernels against their scalar references on random data.
final class VectorKernelsTests: XCTestCase {
    func randomBuffer(_ count: Int, _ random: inout TestRandom) -> UnsafeMutablePointer<Float> {
        let p = UnsafeMutablePointer<Float>.allocate(capacity: count)
        for i in 0..<count { p[i] = random.unitFloat() * 2 - 1 }
        return p
    }

    func testDotMatchesScalarReference() {
        var random = TestRandom(seed: 7)
        for count in [16, 32, 48, 112, 304] {
            let a = randomBuffer(count, &random), b = randomBuffer(count, &random)
            defer { a.deallocate(); b.deallocate() }
            let fast = VectorKernels.dot(a, b, count: count)
            let slow = VectorKernels.dotReference(a, b, count: count)
            var exact = 0.0
            for i in 0..<count { exact += Double(a[i]) * Double(b[i]) }
            XCTAssertEqual(Double(fast), exact, accuracy: 1e-5 * Double(count), "dot, count \(count)")
            XCTAssertEqual(fast, slow, accuracy: 1e-5 * Float(count))
        }
    }

    func testAxpyMatchesScalarReference() {
        var random = TestRandom(seed: 8)
        let count = 112
        let x = randomBuffer(count, &random), y1 = randomBuffer(count, &random)
        let y2 = UnsafeMutablePointer<Float>.allocate(capacity: count)
        y2.update(from: y1, count: count)
        defer { x.deallocate(); y1.deallocate(); y2.deallocate() }
        VectorKernels.axpy(0.37, x, y1, count: count)
        VectorKernels.axpyReference(0.37, x, y2, count: count)
        for i in 0..<count { XCTAssertEqual(y1[i], y2[i], accuracy: 1e-6) }
    }

    func testCombineMatchesScalarReference() {
        var random = TestRandom(seed: 9)
        let count = 112, rowCount = 7, coefficientStride = 3
        let rows = UnsafeMutablePointer<UnsafeMutablePointer<Float>>.allocate(capacity: rowCount)
        for j in 0..<rowCount { rows[j] = randomBuffer(count, &random) }
        let coefficients = randomBuffer(rowCount * coefficientStride, &random)
        for accumulate in [false, true] {
            let d1 = randomBuffer(count, &random)
            let d2 = UnsafeMutablePointer<Float>.allocate(capacity: count)
            d2.update(from: d1, count: count)
            VectorKernels.combine(into: d1, accumulate: accumulate, coefficients: coefficients,
                                  coefficientStride: coefficientStride, rows: rows, rowCount: rowCount, count: count)
            VectorKernels.combineReference(into: d2, accumulate: accumulate, coefficients: coefficients,
                                           coefficientStride: coefficientStride, rows: rows, rowCount: rowCount, count: count)
            for i in 0..<count { XCTAssertEqual(d1[i], d2[i], accuracy: 1e-5, "accumulate \(accumulate), i \(i)") }
            d1.deallocate(); d2.deallocate()
        }
        for j in 0..<rowCount { rows[j].deallocate() }
        rows.deallocate(); coefficients.deallocate()
    }
}

import XCTest

/// Gradient checks against central finite differences in Double, shared by the classifier's,
/// the tagger's and the language model's tests.
enum CentralDifference {
    /// The central difference (f(w + h) - f(w - h)) / 2h of `loss` in weight `i` of
    /// `model[keyPath: weights]`; the weight is restored afterwards.
    /// - Complexity: two evaluations of `loss`.
    static func slope<Model>(_ model: inout Model, _ weights: WritableKeyPath<Model, [Double]>, _ i: Int, step h: Double,
                             loss: (Model) -> Double) -> Double {
        let saved = model[keyPath: weights][i]
        model[keyPath: weights][i] = saved + h
        let up = loss(model)
        model[keyPath: weights][i] = saved - h
        let down = loss(model)
        model[keyPath: weights][i] = saved
        return (up - down) / (2 * h)
    }

    /// Asserts that the relative error |analytic - numeric| / (|analytic| + |numeric|), in the
    /// 2-norm over the tensor, is below `tolerance`, and that |analytic| exceeds `minimumNorm`
    /// (a zero gradient would make the check prove nothing).
    static func assertClose(_ analytic: [Double], _ numeric: [Double], tolerance: Double, minimumNorm: Double, _ what: String,
                            file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(analytic.count, numeric.count, "\(what): sizes differ", file: file, line: line)
        var difference = 0.0, a = 0.0, n = 0.0
        for (x, y) in zip(analytic, numeric) {
            difference += (x - y) * (x - y)
            a += x * x
            n += y * y
        }
        XCTAssertGreaterThan(a.squareRoot(), minimumNorm, "\(what): gradient is zero, the check would prove nothing", file: file, line: line)
        let relative = difference.squareRoot() / max(a.squareRoot() + n.squareRoot(), 1e-300)
        XCTAssertLessThan(relative, tolerance, "\(what): relative error \(relative)", file: file, line: line)
    }
}

/// Sizes computed from numbers a model file's header states. A header is checked by its
/// checksum only against accidents: a deliberate edit recomputes the checksum, so every
/// product and sum of header values is done with overflow checks and bounded by what the
/// file can hold before anything is allocated or looped over.
enum CheckedSize {
    /// `factors` multiplied, or nil when the product overflows `Int` or exceeds `limit`.
    static func product(_ factors: Int..., limit: Int = .max) -> Int? {
        var result = 1
        for f in factors {
            let (p, overflow) = result.multipliedReportingOverflow(by: f)
            guard !overflow, p <= limit else { return nil }
            result = p
        }
        return result
    }

    /// `terms` added, or nil when the sum overflows `Int` or exceeds `limit`.
    static func sum(_ terms: Int..., limit: Int = .max) -> Int? {
        var result = 0
        for t in terms {
            let (s, overflow) = result.addingReportingOverflow(t)
            guard !overflow, s <= limit else { return nil }
            result = s
        }
        return result
    }

    /// Hands out consecutive ranges of a flat array, refusing (nil) once they would pass
    /// `limit` elements; `ParameterLayout` and `LanguageModelLayout` place their tensors with it.
    struct Allocator {
        let limit: Int
        private(set) var offset = 0
        private(set) var exceeded = false

        init(limit: Int) { self.limit = limit }

        /// The offset of a new `rows x cols` block (0 once `exceeded`).
        mutating func take(_ rows: Int, _ cols: Int = 1) -> Int {
            guard !exceeded, let n = CheckedSize.product(rows, cols, limit: limit),
                  let end = CheckedSize.sum(offset, n, limit: limit) else {
                exceeded = true
                return 0
            }
            defer { offset = end }
            return offset
        }
    }
}

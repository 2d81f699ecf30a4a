/// How work is cut among threads: `parts` contiguous, balanced shares of `count` items
/// (sizes differ by at most one; a share is empty when there are more parts than items).
///
/// The floor-proportional bounds `p * count / parts` are monotone and end at `count`, so a
/// share can never be an inverted range, whatever `parts` and `count` are. (The earlier
/// `ceil(count / parts)`-sized slices ran past the end when `parts` exceeded the items, the
/// "Range requires lowerBound <= upperBound" crash of `classify predict --threads 4` on
/// five sentences.)
public enum WorkShare {
    /// The items of share `part` (0-based) out of `parts`.
    /// - Complexity: O(1).
    @inline(__always)
    public static func range(_ part: Int, of parts: Int, count: Int) -> Range<Int> {
        precondition(parts >= 1 && part >= 0 && part < parts && count >= 0, "WorkShare: part \(part) of \(parts), count \(count)")
        return (part * count / parts) ..< ((part + 1) * count / parts)
    }
}

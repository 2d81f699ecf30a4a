/// Places text labels next to their points so that they overlap as little as possible: a simple
/// force-directed repulsion pass (as ggrepel / adjustText do, much simplified). Each label is a
/// box first put to the right of its point; then, for a fixed number of rounds, every pair of
/// overlapping boxes (and every box covering another label's point) is pushed apart along the
/// axis of least overlap, a spring pulls each box back toward its point, and boxes are kept
/// inside the plot area.
public struct LabelLayout: Sendable {
    /// A label's box: top-left corner, width and height, in pixels.
    public struct Box: Sendable, Equatable {
        public var x: Double, y: Double, width: Double, height: Double
        public func overlap(_ other: Box) -> (dx: Double, dy: Double) {
            let dx = Swift.min(x + width, other.x + other.width) - Swift.max(x, other.x)
            let dy = Swift.min(y + height, other.y + other.height) - Swift.max(y, other.y)
            return (dx, dy)
        }
    }

    /// The most labels `place` is given: its rounds are quadratic (4,000 labels took 22 s in
    /// a release build, so 1,000 take about 1.4 s), and more labels are unreadable anyway.
    public static let maximumLabels = 1_000

    /// Approximate width of `text` at `size` (average glyph ≈ 0.6 em for sans-serif).
    public static func textWidth(_ text: String, size: Double) -> Double { Double(text.count) * size * 0.6 }

    /// Boxes for labels of `points` (pixels), inside `bounds` (x, y, width, height).
    /// - Complexity: O(rounds x n²) for n labels.
    public static func place(labels: [String], points: [(x: Double, y: Double)], size: Double,
                             bounds: (x: Double, y: Double, width: Double, height: Double), rounds: Int = 300) -> [Box] {
        let n = labels.count
        var boxes = (0..<n).map { i in
            Box(x: points[i].x + 4, y: points[i].y - size * 0.8, width: textWidth(labels[i], size: size), height: size)
        }
        func clamp(_ i: Int) {
            boxes[i].x = Swift.min(Swift.max(boxes[i].x, bounds.x), bounds.x + bounds.width - boxes[i].width)
            boxes[i].y = Swift.min(Swift.max(boxes[i].y, bounds.y), bounds.y + bounds.height - boxes[i].height)
        }
        for i in 0..<n { clamp(i) }
        guard n > 1 else { return boxes }
        for round in 0..<rounds {
            var moved = false
            for i in 0..<n {
                for j in (i + 1)..<n {
                    let (dx, dy) = boxes[i].overlap(boxes[j])
                    guard dx > 0, dy > 0 else { continue }
                    moved = true
                    if dx < dy {
                        let push = dx / 2 + 0.5
                        let sign: Double = boxes[i].x + boxes[i].width / 2 <= boxes[j].x + boxes[j].width / 2 ? -1 : 1
                        boxes[i].x += sign * push; boxes[j].x -= sign * push
                    } else {
                        let push = dy / 2 + 0.5
                        let sign: Double = boxes[i].y + boxes[i].height / 2 < boxes[j].y + boxes[j].height / 2
                            || (boxes[i].y == boxes[j].y && i < j) ? -1 : 1
                        boxes[i].y += sign * push; boxes[j].y -= sign * push
                    }
                }
                // Off other labels' points (a gentle nudge; overlapping labels matter more).
                for j in 0..<n where j != i {
                    let p = points[j]
                    let b = boxes[i]
                    if p.x > b.x - 2 && p.x < b.x + b.width + 2 && p.y > b.y - 2 && p.y < b.y + b.height + 2 {
                        boxes[i].y += (b.y + b.height / 2 < p.y ? -1 : 1) * 0.5
                    }
                }
            }
            // Spring back toward the anchor, weaker and weaker, none in the last third of the rounds.
            let spring = 0.03 * Swift.max(0, 1 - 1.5 * Double(round) / Double(rounds))
            for i in 0..<n {
                let targetX = points[i].x + 4, targetY = points[i].y - size * 0.8
                boxes[i].x += (targetX - boxes[i].x) * spring
                boxes[i].y += (targetY - boxes[i].y) * spring
                clamp(i)
            }
            if !moved && round > 0 { break }
        }
        return boxes
    }

    /// Pairs of boxes that still overlap by more than `tolerance` pixels in both directions.
    public static func overlaps(_ boxes: [Box], tolerance: Double = 1) -> Int {
        var count = 0
        for i in 0..<boxes.count { for j in (i + 1)..<boxes.count {
            let (dx, dy) = boxes[i].overlap(boxes[j])
            if dx > tolerance && dy > tolerance { count += 1 }
        } }
        return count
    }
}

/// The binary Huffman tree of hierarchical softmax (Morin & Bengio 2005; Mikolov et al. 2013),
/// built from the word counts exactly as word2vec.c `CreateBinaryTree` and fastText
/// `HierarchicalSoftmaxLoss::buildTree` build it: the counts sorted in decreasing order (the
/// vocabulary's order), the two smallest of the leaves and inner nodes merged repeatedly,
/// a leaf winning only when strictly smaller, the second of each pair the `1` branch.
///
/// Inner node `i` (0 = the first merged, `count - 2` = the root) is row `i` of C. A word's
/// prediction is one binary logistic term per inner node on its path: label `code` at that
/// node, fastText's orientation (word2vec.c trains label `1 - code`, which only flips the sign
/// of every row of C, so the input vectors are the same function of the data). Written so, a
/// `.bin` with `loss hs` is a model fastText itself can go on using.
///
/// - Complexity: building O(V) after the sort; a word's path has O(log V) nodes for Zipfian
///   counts (at most `count - 1`).
public struct HuffmanTree: Sendable {
    /// Leaf-to-root inner nodes of word `w`: `nodes[start[w]..<start[w + 1]]`, as fastText's
    /// `paths[w]`; `codes` alongside (`binaryCodes[w]`).
    public let nodes: [Int32]
    public let codes: [Bool]
    let start: [Int]
    /// The same nodes reordered for training: the label-1 (code 1) nodes first, then the
    /// label-0 ones, so that a prediction is "the first `positives` outputs are positive", the
    /// layout negative sampling has (the target, then its noise words).
    let trainingNodes: [Int32]
    let positives: [Int32]
    /// The longest path.
    public let maxLength: Int

    /// - Parameter counts: word counts in decreasing order (ties in any order), at least one.
    public init(counts: [Int]) {
        let n = counts.count
        precondition(n >= 1, "HuffmanTree: empty vocabulary")
        let total = 2 * n - 1
        var count = [Int](repeating: Int.max, count: total)
        for i in 0..<n { count[i] = counts[i] }
        var parent = [Int](repeating: -1, count: total)
        var binary = [Bool](repeating: false, count: total)
        var leaf = n - 1, next = n
        for i in n..<total {
            var pair = (0, 0)
            for j in 0..<2 {
                let pick: Int
                if leaf >= 0 && count[leaf] < count[next] { pick = leaf; leaf -= 1 } else { pick = next; next += 1 }
                if j == 0 { pair.0 = pick } else { pair.1 = pick }
            }
            count[i] = count[pair.0] &+ count[pair.1]
            parent[pair.0] = i
            parent[pair.1] = i
            binary[pair.1] = true
        }
        var nodes: [Int32] = [], codes: [Bool] = [], start = [0], training: [Int32] = [], positives: [Int32] = []
        var longest = 0
        for w in 0..<n {
            var j = w
            let first = nodes.count
            while parent[j] != -1 {
                nodes.append(Int32(parent[j] - n))
                codes.append(binary[j])
                j = parent[j]
            }
            let path = first..<nodes.count
            longest = max(longest, path.count)
            let ones = path.filter { codes[$0] }, zeros = path.filter { !codes[$0] }
            training += (ones + zeros).map { nodes[$0] }
            positives.append(Int32(ones.count))
            start.append(nodes.count)
        }
        self.nodes = nodes; self.codes = codes; self.start = start
        trainingNodes = training; self.positives = positives
        maxLength = longest
    }

    /// Word `w`'s path, leaf to root: (inner node, code) pairs.
    public func path(of w: Int) -> [(node: Int32, code: Bool)] {
        (start[w]..<start[w + 1]).map { (nodes[$0], codes[$0]) }
    }

    /// Writes the outputs that predict `word` (its path, label-1 nodes first) and returns
    /// how many there are and how many of them are positive.
    @inline(__always)
    func writePrediction(of word: Int32, into buffer: UnsafeMutablePointer<Int32>) -> (count: Int, positives: Int) {
        let w = Int(word)
        let lo = start[w], hi = start[w + 1]
        trainingNodes.withUnsafeBufferPointer { (buffer).update(from: $0.baseAddress! + lo, count: hi - lo) }
        return (hi - lo, Int(positives.withUnsafeBufferPointer { $0[w] }))
    }
}

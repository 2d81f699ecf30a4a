import Dispatch
import Kernels

extension Embeddings {
    /// The result of `kMeans`: a cluster for each of the first `assignments.count` rows.
    public struct Clustering: Sendable, Encodable {
        public let k: Int
        /// Cluster (0..<k) of each clustered row.
        public let assignments: [Int]
        /// cos(row, its cluster's centroid) for each clustered row.
        public let similarities: [Float]
        public let sizes: [Int]
        /// Assignment passes run; `converged` if the last one changed nothing.
        public let iterations: Int
        public let converged: Bool
        /// Words that changed cluster in the last pass (0 when converged).
        public let lastMoved: Int
        /// Mean of `similarities` (the objective spherical k-means maximises).
        public let meanSimilarity: Double

        /// Rows of cluster `cluster`, closest to the centroid first.
        public func members(of cluster: Int) -> [Int] {
            assignments.indices.filter { assignments[$0] == cluster }
                .sorted { similarities[$0] > similarities[$1] || (similarities[$0] == similarities[$1] && $0 < $1) }
        }
    }

    /// k-means over the unit vectors of the first `rows` words (all by default), as word2vec.c's
    /// `-classes`: spherical k-means, i.e. each word goes to the centroid with the highest cosine
    /// and centroids are renormalised means. Seeding is k-means++ (Arthur & Vassilvitskii 2007)
    /// with D(x)^2 = |x - c|^2 = 2 - 2 cos(x, c) to the nearest chosen centre, drawn from
    /// `SeededGenerator(seed:)`. A cluster left empty is re-seeded with the word farthest from its
    /// centroid. Stops when no word moves or after `maxIterations` passes.
    /// - Complexity: O(iterations x rows x k x dimension); the assignment pass runs on all cores.
    public func kMeans(k: Int, rows: Int? = nil, maxIterations: Int = 20, seed: UInt64 = 1) throws -> Clustering {
        let n = Swift.min(rows ?? count, count)
        guard k >= 1, k <= n else { throw EmbeddingsError.invalidArgument("k must be between 1 and the number of words clustered (\(n)), got \(k)") }
        let d = dimension
        var generator = SeededGenerator(seed: seed)
        var centroids = [Float](repeating: 0, count: k * d)
        var assignments = [Int](repeating: -1, count: n)
        var similarities = [Float](repeating: -2, count: n)
        var iterations = 0
        var converged = false
        var lastMoved = 0
        unitVectors.withUnsafeBufferPointer { unitBuffer in
            let unit = unitBuffer.baseAddress!
            // k-means++ seeding.
            var nearest = [Float](repeating: -2, count: n)  // best cosine to a chosen centre
            var chosen = Int.random(in: 0..<n, using: &generator)
            for c in 0..<k {
                for j in 0..<d { centroids[c * d + j] = unit[chosen * d + j] }
                var total = 0.0
                centroids.withUnsafeBufferPointer { cent in
                    let centre = cent.baseAddress! + c * d
                    for i in 0..<n {
                        let s = VectorKernels.dot(unit + i * d, centre, d)
                        if s > nearest[i] { nearest[i] = s }
                        total += Double(Swift.max(0, 2 - 2 * nearest[i]))
                    }
                }
                guard c + 1 < k else { break }
                if total <= 0 {  // every word coincides with a centre: pick any row not yet chosen
                    chosen = (chosen + 1) % n
                    continue
                }
                var target = Double.random(in: 0..<total, using: &generator)
                chosen = n - 1
                for i in 0..<n {
                    target -= Double(Swift.max(0, 2 - 2 * nearest[i]))
                    if target < 0 { chosen = i; break }
                }
            }
            // Lloyd iterations.
            while iterations < maxIterations {
                iterations += 1
                let changed = assign(unit: unit, rows: n, centroids: centroids, k: k, assignments: &assignments, similarities: &similarities)
                lastMoved = changed
                if changed == 0 { converged = true; break }
                var sums = [Double](repeating: 0, count: k * d)
                var sizes = [Int](repeating: 0, count: k)
                for i in 0..<n {
                    let c = assignments[i]
                    sizes[c] += 1
                    for j in 0..<d { sums[c * d + j] += Double(unit[i * d + j]) }
                }
                var taken = Set<Int>()
                for c in 0..<k {
                    if sizes[c] == 0 {  // re-seed with the worst-placed word not used yet
                        let far = (0..<n).filter { !taken.contains($0) }.min { similarities[$0] < similarities[$1] }!
                        taken.insert(far)
                        for j in 0..<d { sums[c * d + j] = Double(unit[far * d + j]) }
                    }
                    var norm = 0.0
                    for j in 0..<d { norm += sums[c * d + j] * sums[c * d + j] }
                    norm = norm.squareRoot()
                    for j in 0..<d { centroids[c * d + j] = norm > 0 ? Float(sums[c * d + j] / norm) : 0 }
                }
            }
            if !converged {  // final assignment against the last centroids
                lastMoved = assign(unit: unit, rows: n, centroids: centroids, k: k, assignments: &assignments, similarities: &similarities)
                converged = lastMoved == 0
            }
        }
        var sizes = [Int](repeating: 0, count: k)
        for c in assignments { sizes[c] += 1 }
        let mean = similarities.reduce(0.0) { $0 + Double($1) } / Double(n)
        return Clustering(k: k, assignments: assignments, similarities: similarities, sizes: sizes,
                          iterations: iterations, converged: converged, lastMoved: lastMoved, meanSimilarity: mean)
    }

    /// Assigns each row to its most similar centroid; returns how many rows changed cluster.
    private func assign(unit: UnsafePointer<Float>, rows n: Int, centroids: [Float], k: Int,
                        assignments: inout [Int], similarities: inout [Float]) -> Int {
        let d = dimension
        let chunks = Swift.max(1, Swift.min(64, n / 1024))
        let changes = UnsafeMutableBufferPointer<Int>.allocate(capacity: chunks)
        defer { changes.deallocate() }
        let unitAddress = Int(bitPattern: unit)
        centroids.withUnsafeBufferPointer { cent in
            assignments.withUnsafeMutableBufferPointer { assigned in
                similarities.withUnsafeMutableBufferPointer { sims in
                    let centAddress = Int(bitPattern: cent.baseAddress!)
                    let assignedAddress = Int(bitPattern: assigned.baseAddress!)
                    let simsAddress = Int(bitPattern: sims.baseAddress!)
                    let changesAddress = Int(bitPattern: changes.baseAddress!)
                    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                        let unit = UnsafePointer<Float>(bitPattern: unitAddress)!
                        let cent = UnsafePointer<Float>(bitPattern: centAddress)!
                        let assigned = UnsafeMutablePointer<Int>(bitPattern: assignedAddress)!
                        let sims = UnsafeMutablePointer<Float>(bitPattern: simsAddress)!
                        var changed = 0
                        for i in (chunk * n / chunks)..<((chunk + 1) * n / chunks) {
                            var best = 0
                            var bestScore = -Float.infinity
                            for c in 0..<k {
                                let s = VectorKernels.dot(unit + i * d, cent + c * d, d)
                                if s > bestScore { bestScore = s; best = c }
                            }
                            if assigned[i] != best { changed += 1 }
                            assigned[i] = best
                            sims[i] = bestScore
                        }
                        UnsafeMutablePointer<Int>(bitPattern: changesAddress)![chunk] = changed
                    }
                }
            }
        }
        return changes.reduce(0, +)
    }
}

/// The exact solution of a transportation problem: move integer `supply[i]` units from
/// sources to sinks of integer `demand[j]` units (equal totals) at the least total
/// `cost[i][j]` per unit, the transport problem under Word Mover's Distance (Kusner et al.
/// 2015, which solves it with Pele & Werman's EMD; POT's `ot.emd`, gensim's `wmdistance`).
///
/// Successive shortest paths (Ford & Fulkerson; Ahuja, Magnanti & Orlin 1993, §9.7): on the
/// residual graph of the complete bipartite network (source i -> sink j at cost c[i][j],
/// sink j -> source i at cost -c[i][j] while flow[i][j] > 0) repeatedly send as much as
/// possible along a cheapest path from a source with supply left to a sink with demand left,
/// found by Bellman-Ford with a FIFO queue (the residual graph has negative arcs). Each path
/// is a shortest one, so the flow stays of least cost for its amount, and the final flow is
/// optimal; integer amounts make every step move at least one unit, so it terminates.
/// - Complexity: O(P x (n + m) x n x m) for P augmenting paths (at most n + m in practice,
///   at most the total supply), fine for sentences of tens of distinct words.
public struct TransportProblem: Sendable {
    public let supply: [Int]
    public let demand: [Int]
    public let cost: [[Double]]

    public init(supply: [Int], demand: [Int], cost: [[Double]]) throws {
        guard supply.reduce(0, +) == demand.reduce(0, +), supply.allSatisfy({ $0 >= 0 }), demand.allSatisfy({ $0 >= 0 }) else {
            throw EmbeddingsError.invalidArgument("transport: supplies and demands must be non-negative with equal totals")
        }
        guard cost.count == supply.count, cost.allSatisfy({ $0.count == demand.count && $0.allSatisfy(\.isFinite) }) else {
            throw EmbeddingsError.invalidArgument("transport: the cost matrix must be \(supply.count) x \(demand.count) finite values")
        }
        self.supply = supply
        self.demand = demand
        self.cost = cost
    }

    /// The least total cost and a flow achieving it (`flow[i][j]` units from i to j).
    public func solve() -> (cost: Double, flow: [[Int]]) {
        let n = supply.count, m = demand.count
        var flow = [[Int]](repeating: [Int](repeating: 0, count: m), count: n)
        var supplyLeft = supply, demandLeft = demand
        // Nodes 0..<n are sources, n..<n+m sinks.
        var distance = [Double](repeating: 0, count: n + m)
        var parent = [Int](repeating: -1, count: n + m)
        var queued = [Bool](repeating: false, count: n + m)
        let tolerance = 1e-12
        while supplyLeft.contains(where: { $0 > 0 }) {
            var queue: [Int] = []
            for v in 0..<(n + m) {
                distance[v] = .infinity
                parent[v] = -1
                queued[v] = false
            }
            for i in 0..<n where supplyLeft[i] > 0 {
                distance[i] = 0
                queue.append(i)
                queued[i] = true
            }
            var head = 0
            while head < queue.count {
                let u = queue[head]
                head += 1
                queued[u] = false
                if u < n {
                    for j in 0..<m where distance[u] + cost[u][j] < distance[n + j] - tolerance {
                        distance[n + j] = distance[u] + cost[u][j]
                        parent[n + j] = u
                        if !queued[n + j] { queued[n + j] = true; queue.append(n + j) }
                    }
                } else {
                    let j = u - n
                    for i in 0..<n where flow[i][j] > 0 && distance[u] - cost[i][j] < distance[i] - tolerance {
                        distance[i] = distance[u] - cost[i][j]
                        parent[i] = u
                        if !queued[i] { queued[i] = true; queue.append(i) }
                    }
                }
            }
            // The cheapest sink that still needs supply.
            var sink = -1
            for j in 0..<m where demandLeft[j] > 0 && distance[n + j] < .infinity {
                if sink < 0 || distance[n + j] < distance[n + sink] { sink = j }
            }
            guard sink >= 0 else { break }
            // Walk back to the path's source, finding how much it can carry.
            var amount = demandLeft[sink]
            var v = n + sink
            while parent[v] >= 0 {
                let u = parent[v]
                if u >= n { amount = Swift.min(amount, flow[v][u - n]) }  // a backward arc
                v = u
            }
            amount = Swift.min(amount, supplyLeft[v])
            supplyLeft[v] -= amount
            demandLeft[sink] -= amount
            v = n + sink
            while parent[v] >= 0 {
                let u = parent[v]
                if u < n { flow[u][v - n] += amount } else { flow[v][u - n] -= amount }
                v = u
            }
        }
        var total = 0.0
        for i in 0..<n { for j in 0..<m where flow[i][j] > 0 { total += Double(flow[i][j]) * cost[i][j] } }
        return (total, flow)
    }
}

/// Small statistics used by the evaluations, in `Double`, matching numpy/scipy conventions.
public enum Statistics {
    public static func mean(_ x: [Double]) -> Double {
        x.isEmpty ? .nan : x.reduce(0, +) / Double(x.count)
    }

    /// Sample standard deviation (ddof = 1, numpy's `std(ddof=1)`), as WEAT's effect size uses.
    public static func sampleStandardDeviation(_ x: [Double]) -> Double {
        guard x.count > 1 else { return .nan }
        let m = mean(x)
        return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)).squareRoot()
    }

    /// Population standard deviation (ddof = 0, numpy's default `std()`, as WEFE uses).
    public static func populationStandardDeviation(_ x: [Double]) -> Double {
        guard !x.isEmpty else { return .nan }
        let m = mean(x)
        return (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count)).squareRoot()
    }

    /// Ranks 1...n with ties given their average rank (scipy's `rankdata(method='average')`).
    public static func averageRanks(_ x: [Double]) -> [Double] {
        let order = x.indices.sorted { x[$0] < x[$1] }
        var ranks = [Double](repeating: 0, count: x.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && x[order[j + 1]] == x[order[i]] { j += 1 }
            let rank = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = rank }
            i = j + 1
        }
        return ranks
    }

    /// Pearson's r (scipy's `pearsonr` statistic); nan when either side is constant.
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count)
        guard x.count > 1 else { return .nan }
        let mx = mean(x), my = mean(y)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            let dx = x[i] - mx, dy = y[i] - my
            sxy += dx * dy
            sxx += dx * dx
            syy += dy * dy
        }
        guard sxx > 0, syy > 0 else { return .nan }
        return Swift.max(-1, Swift.min(1, sxy / (sxx * syy).squareRoot()))
    }

    /// Spearman's rho: Pearson's r of the average ranks (scipy's `spearmanr`, ties averaged).
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        pearson(averageRanks(x), averageRanks(y))
    }
}

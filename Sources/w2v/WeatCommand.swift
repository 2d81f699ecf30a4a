import Embeddings

/// `w2v weat`: Word Embedding Association Tests (Caliskan, Bryson & Narayanan 2017).
enum WeatCommand: Command {
    static let name = "weat"
    static let summary = "Word Embedding Association Test (Caliskan et al. 2017): effect size and p-value"
    static let help = """
    usage: w2v weat VECTORS [--test NAME[,NAME...] | --x FILE --y FILE --a FILE --b FILE] [options]

    Targets X, Y and attributes A, B; s(w,A,B) = mean cos(w,a) - mean cos(w,b).
    Effect size = (mean_X s - mean_Y s) / std_{X∪Y} s, with the sample standard deviation
    (ddof = 1), as in the paper, or the population one (--std population, as WEFE). One-sided
    p-value = Pr[S(Xi,Yi) >= S(X,Y)] over re-partitions of X ∪ Y into sets of |X| and |Y| words,
    the observed one included (so p >= 1/#partitions, never 0): exact when there are at most
    --exact-limit of them, else (count + 1) / (N + 1) over --permutations N random ones (seeded). Words not in the vocabulary are dropped and listed.
    Words are matched exactly, then in lowercase.

      --test NAMES       weat1 ... weat10 (comma-separated), or 'all' (default), on the word sets
                         of corpora/bias/weat.json (wefe's copy of the paper's lists)
      --sets FILE        another JSON file of named word sets for --test
      --x/--y/--a/--b F  four word-list files instead (JSON list or one word per line)
      --permutations N   random partitions when not exact (default 100000)
      --exact-limit N    largest partition count tested exactly (default 100000)
      --seed S           seed for the random partitions (default 1)
      --std sample|population
                         standard deviation of the effect size: sample (ddof = 1, default) or
                         population (ddof = 0, WEFE's)
    \(QueryOptions.help)
    """

    /// The ten tests of Caliskan et al. 2017 (Table 1), as (X, Y, A, B) set names of weat.json.
    static let tests: [(name: String, title: String, sets: [String])] = [
        ("weat1", "flowers vs insects / pleasant vs unpleasant", ["flowers", "insects", "pleasant_5", "unpleasant_5a"]),
        ("weat2", "instruments vs weapons / pleasant vs unpleasant", ["instruments", "weapons", "pleasant_5", "unpleasant_5a"]),
        ("weat3", "European vs African American names / pleasant vs unpleasant", ["european_american_names_5", "african_american_names_5", "pleasant_5", "unpleasant_5b"]),
        ("weat4", "European vs African American names (Bertrand) / pleasant vs unpleasant", ["european_american_names_7", "african_american_names_7", "pleasant_5", "unpleasant_5b"]),
        ("weat5", "European vs African American names (Bertrand) / pleasant vs unpleasant (Nosek)", ["european_american_names_7", "african_american_names_7", "pleasant_9", "unpleasant_9"]),
        ("weat6", "male vs female names / career vs family", ["male_names", "female_names", "career", "family"]),
        ("weat7", "math vs arts / male vs female terms", ["math", "arts", "male_terms", "female_terms"]),
        ("weat8", "science vs arts / male vs female terms", ["science", "arts_2", "male_terms_2", "female_terms_2"]),
        ("weat9", "mental vs physical disease / temporary vs permanent", ["mental_disease", "physical_disease", "temporary", "permanent"]),
        ("weat10", "young vs old people's names / pleasant vs unpleasant", ["young_people_names", "old_people_names", "pleasant_9", "unpleasant_9"]),
    ]

    struct Output: Encodable {
        let test: String
        let title: String
        let result: Embeddings.WEATResult
    }

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        let testNames = try arguments.option("--test")
        let setsPath = try arguments.option("--sets")
        let files = try ["--x", "--y", "--a", "--b"].map { try arguments.option($0) }
        let permutations = try arguments.int("--permutations", default: 100_000, range: 1...100_000_000)
        let exactLimit = try arguments.int("--exact-limit", default: 100_000, range: 0...100_000_000)
        let seed = try arguments.int("--seed", default: 1, range: 0...Int.max)
        let stdText = try arguments.option("--std") ?? "sample"
        guard let standardDeviation = Embeddings.StandardDeviation(rawValue: stdText) else {
            throw UsageError(message: "--std must be sample or population, got '\(stdText)'")
        }
        let options = try QueryOptions.parse(&arguments)
        let positionals = try arguments.finish(positionals: 1...1, names: "VECTORS")

        var runs: [(name: String, title: String, lists: [[String]])] = []
        if files.contains(where: { $0 != nil }) {
            guard files.allSatisfy({ $0 != nil }), testNames == nil else {
                throw UsageError(message: "give all four of --x --y --a --b (and no --test)")
            }
            runs.append(("custom", files.map { $0! }.joined(separator: " / "), try files.map { try DataFiles.wordList($0!) }))
        } else {
            let sets = try DataFiles.wordSets(setsPath ?? DataFiles.locate("bias/weat.json", option: "--sets"))
            let wanted = (testNames ?? "all") == "all" ? tests.map(\.name) : testNames!.split(separator: ",").map(String.init)
            guard !wanted.isEmpty else {
                throw UsageError(message: "--test names no test; known: " + tests.map(\.name).joined(separator: ", ") + ", all")
            }
            for name in wanted {
                guard let test = tests.first(where: { $0.name == name }) else {
                    throw UsageError(message: "unknown test '\(name)'; known: " + tests.map(\.name).joined(separator: ", ") + ", all")
                }
                let lists = try test.sets.map { key -> [String] in
                    guard let list = sets[key] else { throw UsageError(message: "the word-set file has no set '\(key)' needed by \(name)") }
                    return list
                }
                runs.append((test.name, test.title, lists))
            }
        }

        let embeddings = try options.load(positionals[0])
        var outputs: [Output] = []
        for run in runs {
            let result = try embeddings.weat(x: run.lists[0], y: run.lists[1], a: run.lists[2], b: run.lists[3],
                                             exactLimit: exactLimit, permutations: permutations, seed: UInt64(seed),
                                             standardDeviation: standardDeviation)
            outputs.append(Output(test: run.name, title: run.title, result: result))
        }
        if options.json {
            try printJSON(outputs)
            return ExitStatus.success
        }
        print("test    effect   p-value   method                 words used (X Y A B)   title")
        for output in outputs {
            let r = output.result
            let method = r.method == "exact" ? "exact, \(r.partitions)" : "sampled, \(r.partitions)"
            let used = r.sets.map { String($0.count) }.joined(separator: " ")
            print("\(padded(output.test, 7)) \(r.effectSize >= 0 ? " " : "")\(fixed(r.effectSize, 3))   \(fixed(r.pValue, 4))    "
                + "\(padded(method, 22)) \(padded(used, 22)) \(output.title)")
        }
        print("effect size: \(standardDeviation == .sample ? "sample std (ddof = 1)" : "population std (ddof = 0)"); "
            + "p one-sided, Pr[S(Xi,Yi) >= S(X,Y)], observed partition included; seed \(seed) for sampled tests")
        for output in outputs where output.result.missing.contains(where: { !$0.isEmpty }) {
            let names = ["X", "Y", "A", "B"]
            let lost = output.result.missing.enumerated().filter { !$0.element.isEmpty }
                .map { "\(names[$0.offset]): " + $0.element.joined(separator: ", ") }
            print("\(output.test) dropped (not in the vocabulary): " + lost.joined(separator: "; "))
        }
        return ExitStatus.success
    }
}

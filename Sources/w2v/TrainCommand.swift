/// `w2v train`: corpus in, vectors out. (Being written; see issue 2.)
enum TrainCommand: Command {
    static let name = "train"
    static let summary = "train skip-gram negative-sampling vectors from a text file"
    static let help = "usage: w2v train CORPUS --output VECTORS [options]"
    static func run(_ arguments: inout Arguments) throws -> Int32 {
        _ = try arguments.finish(positionals: 1...1, names: "CORPUS")
        throw UsageError(message: "training is not wired up yet")
    }
}

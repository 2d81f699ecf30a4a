import Foundation
import Corpus
import Recurrent

/// The options `classify`, `tag` and `lm` share, declared once: the groups (vectors input, the
/// run's threads, seed and quiet) and the single options whose name, placeholder and help are
/// the same in every table while their default or range is the command's (`--hidden`,
/// `--epochs`...: the default is the settings' initial value).
enum RecurrentOptions {
    static let vectorsSection = "Vectors:"
    static let dataSection = "Data:"
    static let modelSection = "Model:"
    static let trainingSection = "Training:"
    static let optionsSection = "Options:"

    // MARK: Groups

    /// `--vectors` and what goes with it in `classify train` and `tag train`.
    struct Vectors: OptionSettings {
        var path: String?
        var limit: Int?
        var randomInit = false
        var freeze = false
    }

    static let vectorsInput: [Option<Vectors>] = [
        vectors(\.path, help: """
            word2vec text or binary vectors, or a fastText .bin: the
            embedding table; a .bin composes the train and dev words it
            lacks from their n-grams
            """, required: true),
        .int(vectorsSection, "--vocab-limit", help: "read only the first N vectors", range: 1...Int.max, \.limit),
        .flag(vectorsSection, "--random-init", help: "replace the vectors by random ones of the same size (baseline)", \.randomInit),
        .flag(vectorsSection, "--freeze", help: "keep the vectors fixed (the unknown-word vector still learns)", \.freeze),
    ]

    /// `--threads`, `--seed` and `--quiet` of a training subcommand.
    struct Run: OptionSettings {
        var threads = ProcessInfo.processInfo.activeProcessorCount
        var seed = 1
        var quiet = false
    }

    /// The run group; `threads` and `seed` say what the threads share and what the seed seeds.
    static func run<S>(_ keyPath: any WritableKeyPath<S, Run> & Sendable, threads: String, seed: String) -> [Option<S>] {
        let options: [Option<Run>] = [
            self.seed(\.seed, help: seed),
            self.threads(\.threads, help: threads),
            .flag(trainingSection, "--quiet", aliases: ["-q"], help: "no setup lines or progress on stderr", \.quiet),
        ]
        return options.map { $0.on(keyPath) }
    }

    // MARK: Single options

    /// `--vectors PATH`.
    static func vectors<S>(_ keyPath: any WritableKeyPath<S, String?> & Sendable, help: String, required: Bool) -> Option<S> {
        .string(vectorsSection, "--vectors", "PATH", help: help, keyPath, required: required ? "--vectors is required" : nil)
    }

    /// `--data PATH`, required.
    static func data<S>(_ keyPath: any WritableKeyPath<S, String?> & Sendable, help: String, section: String = dataSection) -> Option<S> {
        .string(section, "--data", "PATH", help: help, keyPath, required: "--data is required")
    }

    /// `--dev PATH`; `required` is the message when it is missing.
    static func dev<S>(_ keyPath: any WritableKeyPath<S, String?> & Sendable, help: String, required: String? = "--dev is required") -> Option<S> {
        .string(dataSection, "--dev", "PATH", help: help, keyPath, required: required)
    }

    /// `--output PATH` (`-o`), the model file, required.
    static func output<S>(_ keyPath: any WritableKeyPath<S, String?> & Sendable) -> Option<S> {
        .string(dataSection, "--output", aliases: ["-o"], "PATH", help: "model file to write; written atomically", keyPath,
                required: "--output is required")
    }

    static func threads<S>(_ keyPath: any WritableKeyPath<S, Int> & Sendable, help: String, section: String = trainingSection) -> Option<S> {
        .int(section, "--threads", help: help, range: 1...1_024, keyPath, defaultText: "all cores")
    }

    static func seed<S>(_ keyPath: any WritableKeyPath<S, Int> & Sendable, help: String, section: String = trainingSection) -> Option<S> {
        .int(section, "--seed", "S", help: help, range: 0...Int.max, keyPath)
    }

    static func cell<S>(_ keyPath: any WritableKeyPath<S, CellKind> & Sendable) -> Option<S> {
        .choice(modelSection, "--cell", help: "recurrent unit", CellKind.allCases.map { ($0.rawValue, $0) }, keyPath)
    }

    static func layers<S>(_ keyPath: any WritableKeyPath<S, Int> & Sendable) -> Option<S> {
        .int(modelSection, "--layers", help: "stacked recurrent layers", range: 1...16, keyPath)
    }

    static func hidden<S>(_ keyPath: any WritableKeyPath<S, Int> & Sendable, help: String = "hidden units per direction",
                          range: ClosedRange<Int>) -> Option<S> {
        .int(modelSection, "--hidden", "H", help: help, range: range, keyPath)
    }

    static func dropout<S>(_ keyPath: any WritableKeyPath<S, Double> & Sendable, help: String) -> Option<S> {
        .double(trainingSection, "--dropout", "P", help: help, range: 0...0.95, keyPath)
    }

    static func epochs<S>(_ keyPath: any WritableKeyPath<S, Int> & Sendable, help: String = "maximum epochs") -> Option<S> {
        .int(trainingSection, "--epochs", help: help, range: 1...100_000, keyPath)
    }

    /// `--patience N`; `measure` is what must improve ("dev accuracy").
    static func patience<S>(_ keyPath: any WritableKeyPath<S, Int> & Sendable, measure: String) -> Option<S> {
        .int(trainingSection, "--patience", help: "stop after N epochs without a better \(measure); 0: never", range: 0...100_000, keyPath)
    }

    static func batch<S>(_ keyPath: any WritableKeyPath<S, Int> & Sendable, help: String = "sentences per update",
                         range: ClosedRange<Int> = 1...1_000_000, section: String = trainingSection) -> Option<S> {
        .int(section, "--batch", help: help, range: range, keyPath)
    }

    /// `--optimizer adam|sgd`; choosing one sets the learning rate to its default (`rates`),
    /// which `--lr` (read after it) overrides.
    static func optimizer<S>(_ keyPath: any WritableKeyPath<S, Bool> & Sendable, help: String,
                             learningRate: any WritableKeyPath<S, Double> & Sendable, rates: (adam: Double, sgd: Double)) -> Option<S> {
        .choice(trainingSection, "--optimizer", help: help, [("adam", false), ("sgd", true)], keyPath) { settings in
            settings[keyPath: learningRate] = settings[keyPath: keyPath] ? rates.sgd : rates.adam
        }
    }

    /// `--lr R`; `rates` are the optimizers' defaults, shown when there are two.
    static func learningRate<S>(_ keyPath: any WritableKeyPath<S, Double> & Sendable, help: String = "learning rate",
                                range: ClosedRange<Double>, rates: (adam: Double, sgd: Double)? = nil) -> Option<S> {
        .double(trainingSection, "--lr", "R", help: help, range: range, keyPath,
                defaultText: rates.map { String(format: "%g for adam, %g for sgd", $0.adam, $0.sgd) })
    }

    static func clip<S>(_ keyPath: any WritableKeyPath<S, Double> & Sendable) -> Option<S> {
        .double(trainingSection, "--clip", "C", help: "clip the global gradient norm to C, 0 disables", range: 0...1e12, keyPath)
    }

    /// `--json`.
    static func json<S>(_ keyPath: any WritableKeyPath<S, Bool> & Sendable, help: String) -> Option<S> {
        .flag(optionsSection, "--json", help: help, keyPath)
    }

    /// Refuses an `--output` that is one of `inputs` (by absolute path: `CommandInputs`, run by
    /// `checkWritable`, compares files) with `message`, then checks it can be written.
    static func checkOutput(_ output: String, inputs: [String], message: (String) -> String) throws {
        for input in inputs where absolutePath(input) == absolutePath(output) { throw UsageError(message: message(input)) }
        try checkWritable(output)
    }
}

/// "12.3%" for 0.123.
func percent(_ x: Double) -> String { String(format: "%.1f%%", 100 * x) }

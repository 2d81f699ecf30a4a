import Foundation
import Embeddings
import Synchronization

/// Every input of the running command, so that no output replaces one: the one place where
/// "an output equal to an input is refused by device and inode" is decided, for every command
/// and every option (issue 13's corpus check, extended to `--read-vocab`, `--definitional`,
/// `--clusters`...).
///
/// `reset(arguments)` takes as inputs every value on the command line except those of the
/// output options (`outputOptions`): positionals and option values alike, with the companion
/// files a vectors path implies (`v.npy`'s `v.words.txt`, a projector directory's two files).
/// A value that names no file (a word, a number) matches nothing. Files found later (a corpus
/// directory's files, the default word lists) are added with `note`. `checkWritable` asks
/// `refuse` about each output before any work.
enum CommandInputs {
    /// The options whose value is written, not read.
    static let outputOptions: Set<String> = ["--output", "-o", "--output-dir", "--checkpoint", "--save-vocab", "--save-model"]

    struct Input: Sendable {
        /// How the refusal names it: "the corpus", "the --read-vocab input", "one of the input files".
        var role: String
        var path: String
    }

    /// How the refusal names the value of these options ("the --words input" otherwise).
    static let optionRoles = ["--data": "the data file", "--vectors": "the vectors file", "--dev": "the dev file"]

    private static let inputs = Mutex<[Input]>([])

    /// Starts a command: its inputs are the values of `arguments` (the words after the command
    /// name) that are not outputs.
    static func reset(_ arguments: [String] = []) {
        var found: [Input] = []
        var index = 0
        var afterDoubleDash = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if afterDoubleDash || !argument.hasPrefix("-") || argument == "-" {
                found.append(Input(role: "one of the input files", path: argument))
                continue
            }
            if argument == "--" { afterDoubleDash = true; continue }
            if let equals = argument.firstIndex(of: "=") {
                let flag = String(argument[..<equals])
                if !outputOptions.contains(flag) { found.append(Input(role: optionRoles[flag] ?? "the \(flag) input", path: String(argument[argument.index(after: equals)...]))) }
                continue
            }
            if outputOptions.contains(argument) { index += 1; continue }
            if index < arguments.count { found.append(Input(role: optionRoles[argument] ?? "the \(argument) input", path: arguments[index])) }
        }
        let companions = found.flatMap { input in
            [VectorFormat.npy, .projector].flatMap { $0.files(for: input.path) }.filter { $0 != input.path }
                .map { Input(role: input.role + "'s companion file", path: $0) }
        }
        inputs.withLock { $0 = found + companions }
    }

    /// Adds inputs found while the command runs (named more precisely than "one of the input
    /// files": a path already known takes the new role).
    static func note(_ paths: [String], role: String) {
        inputs.withLock { list in
            for path in paths {
                list.removeAll { $0.path == path }
                list.append(Input(role: role, path: path))
            }
        }
    }

    /// Refuses `output` (the value of `flag`) when writing it would replace one of the inputs:
    /// when the file it would replace (a symbolic link's target) has an input's device and
    /// inode, or, both missing, the same absolute path. `allowing` is an input that may be
    /// replaced (the checkpoint being resumed, rewritten in place).
    static func refuse(_ output: String, flag: String, allowing allowed: String? = nil) throws {
        guard case let .replace(destination) = try OutputTarget(path: output) else { return } // written through: nothing replaced
        let list = inputs.withLock { $0 }
        for input in list where input.path != "-" && input.path != allowed && sameFile(destination, input.path) {
            let also = input.path == output ? "" : " (\(input.path))"
            throw UsageError(message: "\(flag) \(output) is \(input.role)\(also): writing there would destroy it; choose another path")
        }
    }
}

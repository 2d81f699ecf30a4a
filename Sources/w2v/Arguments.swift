import Foundation

/// A command-line usage error: printed with the command's usage line, exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Minimal argument reader shared by every command: `--name value`, `--name=value`,
/// boolean `--flag`, short aliases such as `-k`, and positionals. Unknown options are
/// refused (before any work is done) by `finish()`. `--` ends the options (POSIX utility
/// syntax guideline 10, as getopt): everything after it is a positional, so a word that starts
/// with `-` can be asked for (`w2v neighbors v.txt -- -ing`).
struct Arguments {
    /// The arguments before `--`, where options are looked for.
    private var remaining: [String]
    /// The arguments after `--`: positionals only.
    private let afterOptions: [String]
    private(set) var positionals: [String] = []
    /// True when `--help` or `-h` was given (before `--`).
    let wantsHelp: Bool

    /// One help line for `--`, shared by the commands that take words.
    static let endOfOptionsHelp = "  --                 end of options: what follows is words or files, even when it starts with -"

    init(_ arguments: [String]) {
        let end = arguments.firstIndex(of: "--") ?? arguments.count
        let options = arguments[..<end]
        wantsHelp = options.contains("--help") || options.contains("-h")
        remaining = options.filter { $0 != "--help" && $0 != "-h" }
        afterOptions = end < arguments.count ? Array(arguments[(end + 1)...]) : []
    }

    /// Removes and returns the first argument when it is a word, not an option: the name of a
    /// subcommand (`w2v classify train ...`).
    mutating func subcommand() -> String? {
        guard let first = remaining.first, !first.hasPrefix("-") else { return nil }
        remaining.removeFirst()
        return first
    }

    /// Removes and returns the value of `--name value` / `--name=value` (or an alias).
    mutating func option(_ name: String, aliases: [String] = []) throws -> String? {
        let names = [name] + aliases
        var i = 0
        var found: String?
        while i < remaining.count {
            let arg = remaining[i]
            if names.contains(arg) {
                guard i + 1 < remaining.count else { throw UsageError(message: "\(arg) needs a value") }
                found = remaining[i + 1]
                remaining.removeSubrange(i...(i + 1))
                continue
            }
            if let eq = arg.firstIndex(of: "="), names.contains(String(arg[..<eq])) {
                found = String(arg[arg.index(after: eq)...])
                remaining.remove(at: i)
                continue
            }
            i += 1
        }
        return found
    }

    /// Every value given for a repeatable option (`--similarity a --similarity b`).
    /// (`option` keeps only the last value, so the values are collected here in order.)
    mutating func options(_ name: String) throws -> [String] {
        var values: [String] = []
        var i = 0
        while i < remaining.count {
            let arg = remaining[i]
            if arg == name {
                guard i + 1 < remaining.count else { throw UsageError(message: "\(arg) needs a value") }
                values.append(remaining[i + 1])
                remaining.removeSubrange(i...(i + 1))
            } else if arg.hasPrefix(name + "=") {
                values.append(String(arg.dropFirst(name.count + 1)))
                remaining.remove(at: i)
            } else {
                i += 1
            }
        }
        return values
    }

    /// Removes `--name` and reports whether it was present.
    mutating func flag(_ name: String, aliases: [String] = []) -> Bool {
        let names = [name] + aliases
        let before = remaining.count
        remaining.removeAll { names.contains($0) }
        return remaining.count != before
    }

    mutating func int(_ name: String, aliases: [String] = [], default value: Int,
                      range: ClosedRange<Int> = Int.min...Int.max) throws -> Int {
        guard let text = try option(name, aliases: aliases) else { return value }
        guard let parsed = Int(text) else { throw UsageError(message: "\(name) expects a whole number, got '\(text)'") }
        guard range.contains(parsed) else {
            throw UsageError(message: "\(name) must be in \(range.lowerBound)...\(range.upperBound == Int.max ? "" : String(range.upperBound)), got \(parsed)")
        }
        return parsed
    }

    mutating func double(_ name: String, aliases: [String] = [], default value: Double,
                         range: ClosedRange<Double> = -Double.infinity...Double.infinity) throws -> Double {
        guard let text = try option(name, aliases: aliases) else { return value }
        guard let parsed = Double(text), parsed.isFinite else {
            throw UsageError(message: "\(name) expects a number, got '\(text)'")
        }
        guard range.contains(parsed) else {
            throw UsageError(message: "\(name) must be between \(range.lowerBound) and \(range.upperBound), got \(parsed)")
        }
        return parsed
    }

    /// Checks that only positionals remain (refusing unknown options) and returns them.
    /// A lone `-` is a positional (standard input).
    mutating func finish(positionals expected: ClosedRange<Int>, names: String) throws -> [String] {
        var rest: [String] = []
        for arg in remaining {
            if arg.hasPrefix("-") && arg != "-" && Double(arg) == nil {
                throw UsageError(message: "unknown option '\(arg)'" + (arg.hasPrefix("--") ? "" : " (a word that starts with -: put -- before it)"))
            }
            rest.append(arg)
        }
        rest += afterOptions
        remaining = []
        guard expected.contains(rest.count) else {
            throw UsageError(message: rest.count < expected.lowerBound ? "missing \(names)" : "too many arguments: \(rest.joined(separator: " "))")
        }
        positionals = rest
        return rest
    }
}

/// Standard error output.
func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

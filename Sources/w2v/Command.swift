/// One `w2v` subcommand. Commands parse their own arguments (refusing unknown options
/// before any work), call the engine libraries, and print. They return the exit status.
protocol Command: Sendable {
    /// The word after `w2v`.
    static var name: String { get }
    /// One line for `w2v --help`.
    static var summary: String { get }
    /// The full `--help` text, starting with the usage line.
    static var help: String { get }
    /// The `--help` text for `arguments` (a command of subcommands gives the subcommand's).
    static func help(for arguments: Arguments) -> String
    /// Runs the command; `arguments` excludes the command name.
    static func run(_ arguments: inout Arguments) throws -> Int32
}

extension Command {
    static func help(for arguments: Arguments) -> String { help }
}

/// Exit statuses scripts can rely on (documented in the README).
enum ExitStatus {
    static let success: Int32 = 0
    /// Bad input file, failed output, or any other runtime error.
    static let failure: Int32 = 1
    /// Invalid command line (unknown option, bad value, missing argument).
    static let usage: Int32 = 2
    /// Training stopped by SIGINT/SIGTERM (128 + SIGINT, as shells report it).
    static let interrupted: Int32 = 130
}

/// One subcommand of a command of subcommands (`w2v classify train`), declared once: its name,
/// summary, positionals, option table and handler. Its parsing (the table, unknown options and
/// the positional count refused before any work, then the required options) and its help come
/// from the same declarations.
struct Subcommand: Sendable {
    let name: String
    /// One line, shown in the command's list of subcommands and under the usage line.
    let summary: String
    /// The usage after `w2v <command> <name>`: positionals, required options, "[options]".
    let usage: String
    /// Further help text shown after the summary ("" for none).
    let about: String
    /// The generated option sections.
    let options: String
    let run: @Sendable (inout Arguments) throws -> Int32

    /// `positionals` names the positionals in the usage line and in "missing MODEL"; `count`
    /// is how many there may be. `handler` gets the settings and the positionals.
    init<Settings: OptionSettings>(_ name: String, _ positionals: String = "", count: ClosedRange<Int>? = nil, summary: String,
                                   about: String = "", options table: [Option<Settings>],
                                   run handler: @escaping @Sendable (Settings, [String]) throws -> Int32) {
        self.name = name
        self.summary = summary
        self.about = about
        options = Option.help(table)
        let required = table.filter(\.isRequired).map(\.synopsis)
        let optional = table.contains { !$0.isRequired } ? ["[options]"] : []
        usage = ([positionals].filter { !$0.isEmpty } + required + optional).joined(separator: " ")
        let expected = count ?? (positionals.isEmpty ? 0...0 : 1...1)
        run = { arguments in
            var settings = Settings()
            try Option.parse(table, &arguments, into: &settings)
            let values = try arguments.finish(positionals: expected, names: positionals)
            try Option.checkRequired(table, settings)
            return try handler(settings, values)
        }
    }
}

/// A command whose first word is a subcommand (`classify`, `tag`, `lm`): the dispatch (missing
/// or unknown subcommand, `--help` at command and at subcommand level) and the help layout are
/// written here once. It reads the `Arguments` given to `run`, never the process's command line,
/// so that the fuzz harness, which calls `runMain` with its own arguments, reaches it.
protocol CommandWithSubcommands: Command {
    static var subcommands: [Subcommand] { get }
    /// Help paragraphs about every subcommand (the data formats), "" for none.
    static var notes: String { get }
}

extension CommandWithSubcommands {
    static var exitStatusHelp: String { "Exit status: 0 success, 1 bad input or failed output, 2 invalid command line." }

    /// The command's help: its subcommands, the notes, then every subcommand's options.
    static var help: String {
        let width = (subcommands.map(\.name.count).max() ?? 0) + 4
        let list = subcommands.map { "  " + $0.name.padding(toLength: width, withPad: " ", startingAt: 0) + $0.summary }
        return (["usage: w2v \(name) \(subcommands.map(\.name).joined(separator: "|")) [options]",
                 "Subcommands:\n" + list.joined(separator: "\n"), notes]
                + subcommands.map { body($0) }
                + ["Run 'w2v \(name) SUBCOMMAND --help' for one subcommand alone.", exitStatusHelp])
            .filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    /// `w2v <command> <subcommand> --help`; the command's help without a known subcommand.
    static func help(for arguments: Arguments) -> String {
        var arguments = arguments
        guard let subcommand = try? subcommand(&arguments) else { return help }
        return (["usage: " + body(subcommand, notes: notes), exitStatusHelp]).filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    static func run(_ arguments: inout Arguments) throws -> Int32 {
        try subcommand(&arguments).run(&arguments)
    }

    /// The subcommand named by the first argument (removed from `arguments`).
    static func subcommand(_ arguments: inout Arguments) throws -> Subcommand {
        let names = alternatives(subcommands.map(\.name))
        guard let word = arguments.subcommand() else { throw UsageError(message: "missing subcommand: \(names)") }
        guard let found = subcommands.first(where: { $0.name == word }) else {
            throw UsageError(message: "unknown subcommand '\(word)': use \(names)")
        }
        return found
    }

    /// A subcommand's usage line, summary, further help (and `notes`) and options.
    private static func body(_ subcommand: Subcommand, notes: String = "") -> String {
        let head = "w2v \(name) \(subcommand.name) \(subcommand.usage)\n  \(subcommand.summary)"
        return [head, subcommand.about, notes, subcommand.options].filter { !$0.isEmpty }.joined(separator: "\n\n")
    }
}

import Foundation
import Embeddings

/// Every subcommand, in the order `w2v --help` lists them.
let commands: [any Command.Type] = [
    TrainCommand.self,
    NeighborsCommand.self,
    AnalogyCommand.self,
    SimilarityCommand.self,
    BiasCommand.self,
    WeatCommand.self,
    ClusterCommand.self,
    AlignCommand.self,
    DriftCommand.self,
    DebiasCommand.self,
    PlotCommand.self,
    EvalCommand.self,
    ReplCommand.self,
    IndexCommand.self,
    QueryCommand.self,
    ExportCommand.self,
    VerifyCommand.self,
    ClassifyCommand.self,
    TagCommand.self,
    PhrasesCommand.self,
    LanguageModelCommand.self,
]

@MainActor func usage() -> String {
    var text = "usage: w2v <command> [options]\n\nCommands:\n"
    for command in commands {
        text += "  " + command.name.padding(toLength: 12, withPad: " ", startingAt: 0) + command.summary + "\n"
    }
    text += "\nRun 'w2v <command> --help' for a command's options."
    return text
}

/// Runs `w2v` on `arguments` (the command line without the program name) and returns the exit
/// status. Kept out of main.swift so that the fuzz harness (Fuzz/Sources/FuzzCommands) runs
/// exactly this path.
@MainActor func runMain(_ arguments: [String]) -> Int32 {
    var argv = arguments
    guard let name = argv.first, !name.hasPrefix("-") else {
        if argv.contains("--help") || argv.contains("-h") { print(usage()); return ExitStatus.success }
        printError(usage())
        return ExitStatus.usage
    }
    argv.removeFirst()
    guard let command = commands.first(where: { $0.name == name }) else {
        printError("w2v: unknown command '\(name)'\n" + usage())
        return ExitStatus.usage
    }
    var arguments = Arguments(argv)
    if arguments.wantsHelp { print(command.help(for: arguments)); return ExitStatus.success }
    CommandInputs.reset(argv)
    defer { fflush(nil); OutputTarget.releaseStandardOutput() }
    do {
        return try command.run(&arguments)
    } catch let error as UsageError {
        printError("w2v \(name): \(error.message)")
        printError(command.help(for: Arguments(argv)).split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? "")
        return ExitStatus.usage
    } catch {
        printError("w2v \(name): \(commandLineDescription(error))")
        return ExitStatus.failure
    }
}

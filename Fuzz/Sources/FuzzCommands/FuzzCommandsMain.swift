import FuzzDriver
import Glibc

/// libFuzzer's command line (-runs=N, corpus directories, crash files to replay...). An
/// `@main` type rather than a main.swift: the target also holds Sources/w2v's files (through
/// the `w2v` link), whose own main.swift is excluded, and SwiftPM then compiles the target as a
/// library whose top-level code never runs.
/// Run with -close_fd_mask=3: the commands print answers, and the harness reads their stderr.
@main
enum FuzzCommandsMain {
    static func main() {
        var argc = CommandLine.argc
        var argv = Optional(CommandLine.unsafeArgv)
        fuzz_save_stderr()
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzCommandsEntry(data!, size) })
    }
}

import FuzzDriver
import Glibc

// libFuzzer's command line (-runs=N, corpus directories, crash files to replay...).
// Run with -close_fd_mask=1: the commands print their answers on standard output.
var argc = CommandLine.argc
var argv = Optional(CommandLine.unsafeArgv)
fuzz_save_stderr()
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in MainActor.assumeIsolated { fuzzCommands(data!, size) } })

import FuzzDriver
import Glibc

// libFuzzer's command line (-runs=N, corpus directories, crash files to replay...).
var argc = CommandLine.argc
var argv = Optional(CommandLine.unsafeArgv)
fuzz_save_stderr()
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzModelHeaders(data!, size) })

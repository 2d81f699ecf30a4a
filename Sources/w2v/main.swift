import Foundation

// A file-size limit (`ulimit -f`) makes writes fail with EFBIG, which the writers report
// (and clean up after), instead of killing the process with SIGXFSZ.
signal(SIGXFSZ, SIG_IGN)
// A build for x86-64-v3 or the host CPU stops here, with one clear line, on a CPU without the
// instructions it was compiled for (instead of dying of SIGILL in the first SIMD loop).
if let missing = missingCPUFeatures() {
    printError("w2v: \(missing)")
    exit(ExitStatus.failure)
}
exit(runMain(Array(CommandLine.arguments.dropFirst())))

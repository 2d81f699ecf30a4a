import Foundation

// A file-size limit (`ulimit -f`) makes writes fail with EFBIG, which the writers report
// (and clean up after), instead of killing the process with SIGXFSZ.
signal(SIGXFSZ, SIG_IGN)
exit(runMain(Array(CommandLine.arguments.dropFirst())))

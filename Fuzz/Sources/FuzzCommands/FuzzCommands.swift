import Foundation
import FuzzDriver
import Glibc

/// Fuzzes the whole `w2v` path of the query commands: argument parsing, reading the files,
/// the engine, and printing, exactly as `w2v` runs them (`runMain`, compiled from
/// Sources/w2v through the `w2v` link in this directory).
///
/// Input: line 1 is the command line (words separated by spaces); the rest holds up to four
/// files separated by lines `@@`, written to a scratch directory; `@0`...`@3` in the command
/// line stand for their paths, and `|0`...`|3` for a pipe holding the same bytes (`/dev/fd/N`,
/// as a shell's `<(cat file)`), so that inputs that are pipes are reachable (issue 21 defect 2). Only the query commands run (`neighbors`, `analogy`,
/// `similarity`, `bias`, `weat`, `cluster`, `eval`), and the recurrent commands (`classify`,
/// `tag`, `lm`) but for their subcommands that train or read standard input; numbers of more
/// than 5 digits on the command line skip the input (asking for 10^9 permutations is slow, not wrong).
///
/// Checks: no crash; exit status 0, 1 or 2; a failure prints exactly one line `w2v <cmd>: `;
/// a command line with pipes exits and prints (standard output, paths aside) exactly as the
/// same command line with the files, since an input is read once whatever it is;
/// no single allocation above the input-size bound (64 bytes per input byte plus 64 KiB, plus
/// 64 bytes per byte of the largest data file shipped in `corpora/` that a command reads by
/// default, e.g. `eval` without `--analogies` reads questions-words.txt).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCommandsEntry(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // libFuzzer calls back on the main thread; the bytes are only read during the call.
    nonisolated(unsafe) let bytes = data
    return MainActor.assumeIsolated { fuzzCommands(bytes, size) }
}

@MainActor
func fuzzCommands(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let firstLine = input.firstIndex(of: 0x0A) ?? input.count
    let words = String(decoding: input[..<firstLine], as: UTF8.self).split(separator: " ").map(String.init)
    guard let command = words.first, queryCommands.contains(command) || isFuzzedRecurrent(words) else { return 0 }
    // Work a user asks for (`--permutations 10^9`) is not a defect: numbers are kept small.
    guard !words.contains(where: { word in word.utf8.count > 5 && word.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }) else { return 0 }
    var files: [ArraySlice<UInt8>] = []
    var rest = firstLine < input.count ? input[(firstLine + 1)...] : []
    while files.count < 3, let cut = rest.firstRange(of: separator) {
        files.append(rest[..<cut.lowerBound])
        rest = rest[cut.upperBound...]
    }
    files.append(rest)
    for (k, file) in files.enumerated() { writeFile(path(k), file) }
    for k in files.count..<4 { unlink(path(k)) }
    let arguments = words.map { word in word.count == 2 && word.first == "@" ? word.last.flatMap { $0.wholeNumberValue }.map(path) ?? word : word }
    let usesPipes = words.contains { $0.count == 2 && $0.first == "|" && $0.last?.wholeNumberValue.map { $0 < files.count } == true }
    guard usesPipes else {
        _ = run(command, arguments, size: size)
        return 0
    }
    // The same command line, each `|k` now a pipe filled with file k (they fit in a pipe's buffer).
    var readEnds: [Int32] = []
    var names: [(pipe: String, file: String)] = []
    let piped = arguments.map { word -> String in
        guard word.count == 2, word.first == "|", let k = word.last?.wholeNumberValue, k < files.count else { return word }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { fuzz_fail("pipe() failed") }
        files[k].withUnsafeBytes { buffer in _ = buffer.count == 0 ? 0 : write(ends[1], buffer.baseAddress!, buffer.count) }
        close(ends[1])
        readEnds.append(ends[0])
        names.append((pipe: "/dev/fd/\(ends[0])", file: path(k)))
        return names.last!.pipe
    }
    let fileLine = arguments.map { word in word.count == 2 && word.first == "|" ? word.last.flatMap { $0.wholeNumberValue }.map(path) ?? word : word }
    let reference = run(command, fileLine, size: size)
    let throughPipes = run(command, piped, size: size)
    for fd in readEnds { close(fd) }
    // Every path a run was given becomes <k>: the pipes' and the files' (a file named both as
    // `|k` and as `@k` reaches the pipe run by its file path too).
    func normalised(_ text: String, _ paths: [String]) -> String {
        var text = text
        for (k, name) in paths.enumerated() {  // JSON writes "/" as "\/"
            text = text.replacingOccurrences(of: name, with: "<\(k % names.count)>").replacingOccurrences(of: name.replacingOccurrences(of: "/", with: "\\/"), with: "<\(k % names.count)>")
        }
        // Lines naming a path (weat's title, messages) may lay it out differently: left out.
        return text.split(separator: "\n").filter { !$0.contains("/") }.joined(separator: "\n")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
    if reference.status != throughPipes.status
        || normalised(reference.output, names.map(\.file)) != normalised(throughPipes.output, names.map(\.pipe) + names.map(\.file)) {
        fuzz_fail("a pipe reads differently from its file for \(piped): status \(throughPipes.status) vs \(reference.status); "
            + "output \(throughPipes.output.prefix(200)) vs \(reference.output.prefix(200))")
    }
    return 0
}

/// Runs the command line once, checking its status and error lines; returns the status and
/// what it printed on standard output.
@MainActor
func run(_ command: String, _ arguments: [String], size: Int) -> (status: Int32, output: String) {
    // Standard error goes to a file so that the one error line can be checked, and standard
    // output too, so that a run through pipes can be compared with a run on files.
    let errors = path(9), outputs = path(8)
    let fd = open(errors, O_RDWR | O_CREAT | O_TRUNC, 0o600)
    let out = open(outputs, O_RDWR | O_CREAT | O_TRUNC, 0o600)
    fflush(nil)
    let savedError = dup(2), savedOutput = dup(1)
    dup2(fd, 2)
    dup2(out, 1)
    _ = fuzz_limit_allocations(fuzz_allocation_bound(size + shippedDataBytes, 64 << 10))
    let home = open(".", O_RDONLY | O_DIRECTORY)  // a relative `--output` lands in the scratch directory
    chdir(scratch)
    let status = runMain(arguments)
    fchdir(home)
    close(home)
    _ = fuzz_limit_allocations(0)
    fflush(nil)
    dup2(savedError, 2)
    dup2(savedOutput, 1)
    close(savedError)
    close(savedOutput)
    let text = String(decoding: contents(fd), as: UTF8.self)
    let printed = String(decoding: contents(out), as: UTF8.self)
    guard [0, 1, 2].contains(status) else { fuzz_fail("exit status \(status) for \(arguments)") }
    if status != 0 {
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("w2v \(command): ") }
        if lines.count != 1 { fuzz_fail("\(lines.count) error lines (expected 1) for \(arguments): \(text.prefix(400))") }
    }
    return (status, printed)
}

/// Everything in the file open at `fd`, which is then closed.
func contents(_ fd: Int32) -> [UInt8] {
    lseek(fd, 0, SEEK_SET)
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = read(fd, &chunk, chunk.count)
        if n <= 0 { break }
        bytes += chunk[..<n]
    }
    close(fd)
    return bytes
}

let queryCommands: Set<String> = ["neighbors", "analogy", "similarity", "bias", "weat", "cluster", "eval"]
/// The recurrent commands, whose subcommand dispatch and option tables are fuzzed with their
/// model-file readers; their subcommands that train (slow, not wrong) or read standard input
/// (the harness gives none) are left out. A missing or unknown subcommand is fuzzed.
let recurrentCommands: Set<String> = ["classify", "tag", "lm"]
let skippedSubcommands: Set<String> = ["train", "predict", "score"]

func isFuzzedRecurrent(_ words: [String]) -> Bool {
    recurrentCommands.contains(words[0]) && !(words.count > 1 && skippedSubcommands.contains(words[1]))
}
let separator: [UInt8] = Array("\n@@\n".utf8)
/// The scratch directory, also the commands' working directory.
let scratch: String = {
    let directory = "/tmp/w2v-fuzz-commands-\(getpid())"
    mkdir(directory, 0o700)
    return directory
}()

func path(_ k: Int) -> String { "\(scratch)/\(k)" }

func writeFile(_ path: String, _ bytes: ArraySlice<UInt8>) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { fuzz_fail("cannot write \(path)") }
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n <= 0 { break }
            offset += n
        }
    }
    close(fd)
}

/// The size of the largest file in `corpora/eval` and `corpora/bias`: commands read these by
/// default, so an allocation proportional to them is not caused by the fuzzed input.
let shippedDataBytes: Int = {
    let corpora = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("corpora")
    var largest = 0
    for folder in ["eval", "bias"] {
        let directory = corpora.appendingPathComponent(folder)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] {
            let size = (try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(name).path)[.size] as? Int) ?? 0
            largest = max(largest, size)
        }
    }
    return largest
}()

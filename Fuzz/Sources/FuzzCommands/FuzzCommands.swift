import Foundation
import FuzzDriver
import Glibc

/// Fuzzes the whole `w2v` path of the query commands: argument parsing, reading the files,
/// the engine, and printing, exactly as `w2v` runs them (`runMain`, compiled from
/// Sources/w2v through the `w2v` link in this directory).
///
/// Input: line 1 is the command line (words separated by spaces); the rest holds up to four
/// files separated by lines `@@`, written to a scratch directory; `@0`...`@3` in the command
/// line stand for their paths. Only the query commands run (`neighbors`, `analogy`,
/// `similarity`, `bias`, `weat`, `cluster`, `eval`); numbers of more than 5 digits on the
/// command line skip the input (asking for 10^9 permutations is slow, not wrong).
///
/// Checks: no crash; exit status 0, 1 or 2; a failure prints exactly one line `w2v <cmd>: `;
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
    guard let command = words.first, queryCommands.contains(command) else { return 0 }
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

    // Standard error goes to a file so that the one error line can be checked.
    let errors = path(9)
    let fd = open(errors, O_RDWR | O_CREAT | O_TRUNC, 0o600)
    let savedError = dup(2)
    dup2(fd, 2)
    _ = fuzz_limit_allocations(fuzz_allocation_bound(size + shippedDataBytes, 64 << 10))
    let home = open(".", O_RDONLY | O_DIRECTORY)  // a relative `--output` lands in the scratch directory
    chdir(scratch)
    let status = runMain(arguments)
    fchdir(home)
    close(home)
    _ = fuzz_limit_allocations(0)
    dup2(savedError, 2)
    close(savedError)
    lseek(fd, 0, SEEK_SET)
    var stderrBytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = read(fd, &chunk, chunk.count)
        if n <= 0 { break }
        stderrBytes += chunk[..<n]
    }
    close(fd)
    let text = String(decoding: stderrBytes, as: UTF8.self)
    guard [0, 1, 2].contains(status) else { fuzz_fail("exit status \(status) for \(arguments)") }
    if status != 0 {
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("w2v \(command): ") }
        if lines.count != 1 { fuzz_fail("\(lines.count) error lines (expected 1) for \(arguments): \(text.prefix(400))") }
    }
    return 0
}

let queryCommands: Set<String> = ["neighbors", "analogy", "similarity", "bias", "weat", "cluster", "eval"]
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

// gemm-bench: GFLOP/s of the Kernels module's SGEMM on the language model's products
// (bptt 35 x batch 32 = 1120 outputs, hidden 256, vocabulary 5393), against a peak given as
// cores x GHz x single-precision FLOPs per cycle per core (read from /proc/cpuinfo unless given).
//
//   swift build -c release --product gemm-bench && .build/release/gemm-bench [--flops-per-cycle 32] [--ghz 2.25] [--repeats 5]
//
// 2 m n k FLOPs per product; the best of `--repeats` runs is reported. Not a test: no assertion
// beyond a spot check of one product against a Double sum.
import Dispatch
import Foundation
import Kernels

var flopsPerCycle = 32.0, ghz: Double? = nil, repeats = 5
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let flag = arguments.next() {
    guard let value = arguments.next().flatMap(Double.init) else {
        FileHandle.standardError.write("gemm-bench: \(flag) needs a number\n".data(using: .utf8)!)
        exit(2)
    }
    switch flag {
    case "--flops-per-cycle": flopsPerCycle = value
    case "--ghz": ghz = value
    case "--repeats": repeats = max(1, Int(value))
    default:
        FileHandle.standardError.write("gemm-bench: unknown option \(flag)\n".data(using: .utf8)!)
        exit(2)
    }
}
let cores = ProcessInfo.processInfo.activeProcessorCount
let clock = ghz ?? {
    let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let mhz = info.split(separator: "\n").first { $0.hasPrefix("cpu MHz") }?.split(separator: ":").last
    return mhz.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }.map { $0 / 1000 } ?? 0
}()
print(String(format: "peak: %d cores x %.3f GHz x %.0f FLOP/cycle = %.1f GFLOP/s (%.1f per core)",
             cores, clock, flopsPerCycle, Double(cores) * clock * flopsPerCycle, clock * flopsPerCycle))

struct Shape { let name: String, m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool }
let shapes = [
    Shape(name: "decoder forward  Y Wo^T", m: 1120, n: 5393, k: 256, transposeA: false, transposeB: true),
    Shape(name: "decoder dWo      dZ^T Y", m: 5393, n: 256, k: 1120, transposeA: true, transposeB: false),
    Shape(name: "decoder dY       dZ Wo ", m: 1120, n: 256, k: 5393, transposeA: false, transposeB: false),
]
/// A linear congruential generator: the benchmark only needs values in (-0.5, 0.5).
struct Numbers {
    var state: UInt64 = 17
    mutating func next() -> Float {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Float(state >> 40) / Float(1 << 24) - 0.5
    }
}
var numbers = Numbers()
for s in shapes {
    let a = (0..<(s.m * s.k)).map { _ in numbers.next() }, b = (0..<(s.k * s.n)).map { _ in numbers.next() }
    var c = [Float](repeating: 0, count: s.m * s.n)
    let lda = s.transposeA ? s.m : s.k, ldb = s.transposeB ? s.k : s.n
    for threads in [1, 2] {
        var best = Double.infinity
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer {
                        GEMM.multiply(m: s.m, n: s.n, k: s.k, a: a.baseAddress!, lda: lda, transposeA: s.transposeA,
                                      b: b.baseAddress!, ldb: ldb, transposeB: s.transposeB,
                                      c: $0.baseAddress!, ldc: s.n, threads: threads)
                    }
                }
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let gflops = 2 * Double(s.m * s.n * s.k) / best / 1e9
        let peak = Double(threads) * clock * flopsPerCycle
        print(String(format: "%@  %5dx%4dx%5d  %d thread(s): %6.1f GFLOP/s  %5.1f ms  %4.1f%% of %d-core peak",
                     s.name, s.m, s.k, s.n, threads, gflops, best * 1e3, 100 * gflops / peak, threads))
    }
    let i = s.m / 3, j = s.n / 2
    var sum = 0.0
    for p in 0..<s.k {
        let x = s.transposeA ? a[p * lda + i] : a[i * lda + p], y = s.transposeB ? b[j * ldb + p] : b[p * ldb + j]
        sum += Double(x) * Double(y)
    }
    if abs(Double(c[i * s.n + j]) - sum) > 1e-3 * max(1, abs(sum)) {
        print("gemm-bench: spot check failed: \(c[i * s.n + j]) vs \(sum)")
        exit(1)
    }
}

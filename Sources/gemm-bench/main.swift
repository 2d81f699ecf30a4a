// gemm-bench: GFLOP/s of the Kernels module's SGEMM on the language model's products
// (bptt 35 x batch 32 = 1120 outputs, hidden 256, vocabulary 5393), against the machine's peak.
//
//   swift build -c release --product gemm-bench && .build/release/gemm-bench [--repeats 5] [--ghz G --flops-per-cycle F]
//
// The peak is MEASURED by default: 12 independent chains of 8-lane single-precision
// multiply-adds held in registers (fused on FMA builds), on 1 thread and on every core at once,
// which is what the CPU delivers at the clock it actually runs (a boosting CPU runs above its
// nominal clock: /proc/cpuinfo's "cpu MHz" under-states it); the implied clock is printed as
// peak / (cores x 32 FLOP/cycle, AVX2 FMA: 2 x 8-lane FMA a cycle). `--ghz` and
// `--flops-per-cycle` state a peak instead (cores x GHz x FLOP/cycle).
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

/// `iterations` steps of 12 independent dependency chains `x = x * 0.5 + 1` on `SIMD8<Float>`
/// (converging to 2: no overflow, no denormals), 192 FLOPs a step; returns their sum so that
/// nothing is optimised away.
@inline(never) func multiplyAddChains(_ iterations: Int, _ seed: Float) -> Float {
    var x0 = SIMD8<Float>(repeating: seed), x1 = x0 + 1, x2 = x0 + 2, x3 = x0 + 3, x4 = x0 + 4, x5 = x0 + 5
    var x6 = x0 + 6, x7 = x0 + 7, x8 = x0 + 8, x9 = x0 + 9, x10 = x0 + 10, x11 = x0 + 11
    let half = SIMD8<Float>(repeating: 0.5), one = SIMD8<Float>(repeating: 1)
    for _ in 0..<iterations {
        #if W2V_FMA || arch(arm64)
        x0 = one.addingProduct(x0, half); x1 = one.addingProduct(x1, half); x2 = one.addingProduct(x2, half)
        x3 = one.addingProduct(x3, half); x4 = one.addingProduct(x4, half); x5 = one.addingProduct(x5, half)
        x6 = one.addingProduct(x6, half); x7 = one.addingProduct(x7, half); x8 = one.addingProduct(x8, half)
        x9 = one.addingProduct(x9, half); x10 = one.addingProduct(x10, half); x11 = one.addingProduct(x11, half)
        #else
        x0 = x0 * half + one; x1 = x1 * half + one; x2 = x2 * half + one; x3 = x3 * half + one
        x4 = x4 * half + one; x5 = x5 * half + one; x6 = x6 * half + one; x7 = x7 * half + one
        x8 = x8 * half + one; x9 = x9 * half + one; x10 = x10 * half + one; x11 = x11 * half + one
        #endif
    }
    return ((x0 + x1 + x2 + x3) + (x4 + x5 + x6 + x7) + (x8 + x9 + x10 + x11)).sum()
}

/// Measured GFLOP/s of `multiplyAddChains` on `threads` threads at once (best of 3).
func measuredPeak(threads: Int) -> Double {
    let iterations = 20_000_000
    var best = Double.infinity
    for attempt in 0..<3 {
        let start = DispatchTime.now().uptimeNanoseconds
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            if multiplyAddChains(iterations, Float(t + attempt)) == -1 { print("") }
        }
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return Double(threads * iterations * 192) / best / 1e9
}

var peaks: [Int: Double] = [:]
if let ghz {
    for threads in [1, 2] { peaks[threads] = Double(threads) * ghz * flopsPerCycle }
    print(String(format: "peak (stated): %.3f GHz x %.0f FLOP/cycle = %.1f GFLOP/s per core", ghz, flopsPerCycle, ghz * flopsPerCycle))
} else {
    for threads in Set([1, 2, cores]).sorted() { peaks[threads] = measuredPeak(threads: threads) }
    print(String(format: "peak (measured, 12 chains of 8-lane multiply-add in registers): 1 thread %.1f GFLOP/s (%.2f GHz x 32), %d threads %.1f GFLOP/s",
                 peaks[1]!, peaks[1]! / 32, 2, peaks[2]!))
}

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
        let peak = peaks[threads]!
        print(String(format: "%@  %5dx%4dx%5d  %d thread(s): %6.1f GFLOP/s  %5.1f ms  %4.1f%% of %d-thread peak",
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

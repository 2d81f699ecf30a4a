// swift-tools-version:6.0
// Targets are listed in the order data flows through them (Kernels, the internal SIMD
// kernels and SGEMM every engine target inlines, has no product and comes first):
//   text -> Corpus (tokens, vocabulary, encoded ids)
//        -> Embeddings (the immutable vectors value, its queries and file formats)
//        -> SkipGram (the SGNS trainer, which hands over an Embeddings value)
//        -> Recurrent (downstream GRU/LSTM classifiers fed by exported vectors)
//        -> Pictures (SVG maps and charts of an Embeddings value)
//        -> w2v (the command-line tool: argument parsing and printing only).
// Embeddings sits before SkipGram so that queries can never see training state:
// the trainer depends on the value type it produces, not the other way round.
import PackageDescription
import Foundation

// Build flags. SwiftPM refuses a package that another package depends on by version when a
// target of a product it uses has `unsafeFlags` ("contains unsafe build flags"). So no target
// has unsafe flags when this package is a dependency, and the optimisation level is SwiftPM's
// own (-Onone with assertions in debug, -O in release): the hot loops get -Ounchecked's
// benefit from the code itself (`&+`, `&*`, unsafe pointers whose checks are debug-only).
//
// The one flag kept is the CPU the engine is compiled for (README "Build options"). Baseline
// x86-64 has no FMA and 128-bit SIMD only; x86-64-v3 (AVX2 + FMA, every x86-64 CPU sold since
// 2013-2015) trains about 1.5x faster. When this package is the ROOT package (a clone being
// built, tested or run), the engine targets are compiled for x86-64-v3 on an x86-64 host, and
// `w2v` checks the CPU at startup and stops with a clear message on an older one. When it is
// a dependency (checked out under a `checkouts` directory by SwiftPM or Xcode), nothing is
// added: dependents get the portable build. `W2V_CPU` overrides: `portable` (baseline),
// `x86-64-v3`, `native` (the host CPU, e.g. AVX-512, like word2vec.c's -march=native);
// `W2V_NATIVE=1` is the older spelling of `W2V_CPU=native`. On arm64 (Apple Silicon, Linux
// aarch64) no flag is added: the base AArch64 instruction set already has 128-bit NEON and fused
// multiply-add, which the SGEMM micro-kernel uses there unconditionally (`arch(arm64)`).
let environment = ProcessInfo.processInfo.environment
let isDependency = Context.packageDirectory.split(separator: "/").contains { $0 == "checkouts" }
#if arch(x86_64)
let defaultCPU = isDependency ? "portable" : "x86-64-v3"
#else
let defaultCPU = "portable"
#endif
let cpu = environment["W2V_NATIVE"] == "1" ? "native" : (environment["W2V_CPU"] ?? defaultCPU)
// Swift takes the code generator's CPU features from its Clang importer, and `-Xcc -march=` is
// how to name a level such as x86-64-v3 (`-target-cpu` accepts only CPU models).
let cpuFlags: [String] = cpu == "portable" ? [] : (cpu.hasPrefix("x86-64-") ? ["-Xcc", "-march=\(cpu)"] : ["-target-cpu", cpu])
// `W2V_FMA` (a define, not an unsafe flag) tells the SGEMM micro-kernel it may use fused
// multiply-add (`addingProduct`), which the portable build would run as a software `fmaf`.
let engineFlags: [SwiftSetting] = cpuFlags.isEmpty ? [] : [.unsafeFlags(cpuFlags), .define("W2V_FMA")]
// Tells `w2v` which CPU check to make at startup (a define is not an unsafe flag).
let toolFlags: [SwiftSetting] = cpu == "portable" ? [] : [.define(cpu == "native" ? "W2V_CPU_NATIVE" : "W2V_CPU_X86_64_V3")]

let package = Package(
    name: "w2v",
    products: [
        .library(name: "Corpus", targets: ["Corpus"]),
        .library(name: "Embeddings", targets: ["Embeddings"]),
        .library(name: "SkipGram", targets: ["SkipGram"]),
        .library(name: "Recurrent", targets: ["Recurrent"]),
        .library(name: "Pictures", targets: ["Pictures"]),
        .executable(name: "w2v", targets: ["w2v"]),
    ],
    targets: [
        .target(name: "Kernels", swiftSettings: engineFlags),
        .target(name: "Corpus", dependencies: ["Kernels"], swiftSettings: engineFlags),
        .target(name: "Embeddings", dependencies: ["Kernels"], swiftSettings: engineFlags),
        .target(name: "SkipGram", dependencies: ["Kernels", "Corpus", "Embeddings"], swiftSettings: engineFlags),
        .target(name: "Recurrent", dependencies: ["Kernels", "Corpus", "Embeddings"], swiftSettings: engineFlags),
        .target(name: "Pictures", dependencies: ["Embeddings"]),
        .executableTarget(name: "w2v", dependencies: ["Kernels", "Corpus", "Embeddings", "SkipGram", "Recurrent", "Pictures"],
                          swiftSettings: toolFlags),
        // SGEMM throughput on the language model's shapes against the machine's peak (not a test).
        .executableTarget(name: "gemm-bench", dependencies: ["Kernels"], swiftSettings: engineFlags),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels"]),
        .testTarget(name: "CorpusTests", dependencies: ["Corpus"]),
        .testTarget(name: "EmbeddingsTests", dependencies: ["Embeddings", "Kernels"]),
        .testTarget(name: "SkipGramTests", dependencies: ["SkipGram", "Kernels", "Corpus", "Embeddings"]),
        .testTarget(name: "RecurrentTests", dependencies: ["Recurrent", "Kernels", "Embeddings", "Corpus"]),
        .testTarget(name: "PicturesTests", dependencies: ["Pictures", "Embeddings"]),
    ]
)

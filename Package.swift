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

// Hot loops are written with explicit SIMD accumulators (`acc += x * y`, never `addProduct`),
// so the default build is fast on any x86-64. `W2V_NATIVE=1 swift build -c release` also
// compiles for the host CPU (AVX2/AVX-512, FMA), like word2vec.c's -march=native.
let native = ProcessInfo.processInfo.environment["W2V_NATIVE"] == "1"
// Every engine target is optimised even in debug builds (the tests train real models).
// Only the trainer is built with -Ounchecked: its hot loop works on raw pointers inside
// `SharedMatrix` and gains ~10% from dropping overflow checks. Elsewhere we keep -O: a
// COW-array edit-distance table in Embeddings computed wrong distances under -Ounchecked
// with Swift 6.3.1 (correct under -O and -Onone), so unchecked mode is not trusted there.
let nativeFlags: [SwiftSetting] = native ? [.unsafeFlags(["-target-cpu", "native"])] : []
let hotFlags: [SwiftSetting] = [.unsafeFlags(["-O"])] + nativeFlags
let trainerFlags: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"])] + nativeFlags

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
        .target(name: "Kernels", swiftSettings: hotFlags),
        .target(name: "Corpus", swiftSettings: hotFlags),
        .target(name: "Embeddings", dependencies: ["Kernels"], swiftSettings: hotFlags),
        .target(name: "SkipGram", dependencies: ["Kernels", "Corpus", "Embeddings"], swiftSettings: trainerFlags),
        .target(name: "Recurrent", dependencies: ["Kernels", "Corpus", "Embeddings"], swiftSettings: hotFlags),
        .target(name: "Pictures", dependencies: ["Embeddings"]),
        .executableTarget(name: "w2v", dependencies: ["Kernels", "Corpus", "Embeddings", "SkipGram", "Recurrent", "Pictures"]),
        // SGEMM throughput on the language model's shapes against the machine's peak (not a test).
        .executableTarget(name: "gemm-bench", dependencies: ["Kernels"], swiftSettings: hotFlags),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels"]),
        .testTarget(name: "CorpusTests", dependencies: ["Corpus"]),
        .testTarget(name: "EmbeddingsTests", dependencies: ["Embeddings", "Kernels"]),
        .testTarget(name: "SkipGramTests", dependencies: ["SkipGram", "Kernels", "Corpus", "Embeddings"]),
        .testTarget(name: "RecurrentTests", dependencies: ["Recurrent", "Kernels", "Embeddings", "Corpus"]),
        .testTarget(name: "PicturesTests", dependencies: ["Pictures", "Embeddings"]),
    ]
)

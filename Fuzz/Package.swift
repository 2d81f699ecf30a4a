// swift-tools-version:6.0
// libFuzzer targets for the w2v package, kept in their own package so that the main
// package's build and tests are unaffected. Build and run them with scripts/fuzz.sh:
//   swift build --package-path Fuzz -Xswiftc -sanitize=fuzzer,address
// Each target's main.swift hands its test function to libFuzzer's driver (FuzzDriver).
import PackageDescription
import Foundation

// A path dependency's identity is its directory's name (the clone's name), not "w2v".
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let w2v = root.lastPathComponent.lowercased()

let package = Package(
    name: "w2v-fuzz",
    dependencies: [.package(path: root.path)],
    targets: [
        .target(name: "FuzzDriver"),
        .executableTarget(name: "FuzzTokenizer", dependencies: ["FuzzDriver", .product(name: "Corpus", package: w2v)]),
        .executableTarget(name: "FuzzCheckpoint", dependencies: ["FuzzDriver", .product(name: "Corpus", package: w2v), .product(name: "SkipGram", package: w2v)]),
        .executableTarget(name: "FuzzVectors", dependencies: ["FuzzDriver", .product(name: "Embeddings", package: w2v)]),
        .executableTarget(name: "FuzzModelHeaders", dependencies: ["FuzzDriver", .product(name: "Recurrent", package: w2v), .product(name: "Embeddings", package: w2v)]),
        // The w2v command sources themselves (Sources/FuzzCommands/w2v is a link to ../Sources/w2v),
        // minus their main.swift, so that the harness calls the same `runMain` as the tool.
        .executableTarget(name: "FuzzCommands",
                          dependencies: ["FuzzDriver"] + ["Corpus", "Embeddings", "SkipGram", "Recurrent", "Pictures"].map { .product(name: $0, package: w2v) },
                          exclude: ["w2v/main.swift"]),
    ]
)

#!/usr/bin/env bash
# Checks that another package can depend on this one BY VERSION, as the README's "Using the
# engine from Swift" says: clones the repository (its committed HEAD) into a temporary
# directory, tags the clone 1.0.0, writes a small consumer package that depends on it with
# `.package(url: "file://...", from: "1.0.0")` and the products Corpus, SkipGram and
# Embeddings, builds it (SwiftPM refuses a version dependency whose products carry unsafe
# build flags) and runs it: it trains a Trainer on a generated corpus, writes the vectors,
# reads them back with Word2VecReader and checks what it read.
# Usage: scripts/consumer_check.sh   (exit 0 when the consumer builds and prints "consumer ok")
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
T="$(mktemp -d "${TMPDIR:-/tmp}/w2v-consumer.XXXXXX")"
trap 'rm -rf "$T"' EXIT

git clone -q "$ROOT" "$T/w2v"
git -C "$T/w2v" -c user.name=consumer-check -c user.email=consumer@check tag -f 1.0.0 >/dev/null

mkdir -p "$T/consumer/Sources/consumer"
cat > "$T/consumer/Package.swift" <<MANIFEST
// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "consumer",
    dependencies: [.package(url: "file://$T/w2v", from: "1.0.0")],
    targets: [
        .executableTarget(name: "consumer", dependencies: [
            .product(name: "Corpus", package: "w2v"),
            .product(name: "SkipGram", package: "w2v"),
            .product(name: "Embeddings", package: "w2v"),
        ]),
    ]
)
MANIFEST

cat > "$T/consumer/Sources/consumer/main.swift" <<'SWIFT'
import Corpus
import Embeddings
import SkipGram

// Two topics that never share a sentence: their words should end up nearer each other.
var text = ""
var random = RandomGenerator(seed: 7)
let topics = [["cat", "dog", "mouse", "horse"], ["red", "green", "blue", "yellow"]]
for line in 0..<2_000 {
    let topic = topics[line % 2]
    text += (0..<8).map { _ in topic[random.below(topic.count)] }.joined(separator: " ") + "\n"
}
let loaded = try CorpusLoader.load(bytes: Array(text.utf8), name: "generated", options: CorpusOptions(minCount: 1))
var configuration = TrainingConfiguration()
configuration.dimension = 16
configuration.epochs = 3
configuration.threads = 1
let trainer = try Trainer(configuration: configuration, vocabulary: loaded.vocabulary, corpus: loaded.corpus)
_ = try trainer.train()
let path = CommandLine.arguments[1]
try trainer.writeVectors(to: path, format: .word2vecText)
let vectors = try Word2VecReader.read(path: path)
precondition(vectors.count == 8 && vectors.dimension == 16, "read \(vectors.count) x \(vectors.dimension)")
let nearest = try vectors.neighbours(of: "cat", k: 3).answers.map(\.word)
precondition(Set(nearest).isSubset(of: ["dog", "mouse", "horse"]), "neighbours of cat: \(nearest)")
print("consumer ok: \(vectors.count) x \(vectors.dimension) vectors; neighbours of cat: \(nearest.joined(separator: ", "))")
SWIFT

cd "$T/consumer"
echo "== consumer package depending on w2v from: \"1.0.0\" (file://$T/w2v)"
swift build 2>&1 | tail -n 3
"$(swift build --show-bin-path)/consumer" "$T/vectors.txt"

import Foundation
import XCTest

/// Tests that train real models take minutes at -Onone (plain `swift test`) and seconds
/// optimised. They run only with `W2V_LONG_TESTS=1`, which `.ci/run` sets for its optimised
/// run of the whole suite, so they still run, and can fail, in CI; elsewhere they are skipped
/// with this reason, never passed silently.
func requireLongTests() throws {
    guard ProcessInfo.processInfo.environment["W2V_LONG_TESTS"] == "1" else {
        throw XCTSkip("trains for minutes unoptimised; runs with W2V_LONG_TESTS=1 (as .ci/run does)")
    }
}

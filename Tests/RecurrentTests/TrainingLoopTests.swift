import XCTest
@testable import Recurrent

/// `TrainingLoop` on a scripted task: the best epoch is kept, patience stops the run, the
/// shuffle is seeded and a permutation, progress reaches the whole epoch, and `DevScore`
/// orders scores as each model wants (accuracy, then loss; loss alone; NaN never wins).
final class TrainingLoopTests: XCTestCase {
    /// The model is the number of epochs trained; the dev score is scripted per epoch.
    struct ScriptedTask: TrainingTask {
        var scores: [DevScore?]
        var orders: [[Int]] = []
        var exampleCount: Int { 6 }
        var unitsPerEpoch: Int { 12 }
        var countsCorrect: Bool { true }
        mutating func epoch(_ epoch: Int, order: [Int], model: inout Int, batchDone: (BatchTally) -> Void) {
            orders.append(order)
            model += 1
            for _ in 0..<3 { batchDone(BatchTally(units: 4, loss: 2, correct: 1)) }
        }
        func evaluate(_ model: Int) -> DevScore? { scores[model - 1] }
    }

    func testKeepsTheBestEpochAndStopsAfterPatience() {
        var task = ScriptedTask(scores: [0.5, 0.7, 0.6, 0.65, 0.9, 0.95].map { DevScore(loss: 1, accuracy: $0) })
        var model = 0, progress: [TrainingProgress] = []
        let outcome = TrainingLoop.run(&task, model: &model, epochs: 6, patience: 2, seed: 3, progress: { progress.append($0) })
        XCTAssertEqual(outcome.bestEpoch, 2)
        XCTAssertEqual(model, 2, "the model of the best epoch is handed back")
        XCTAssertTrue(outcome.stoppedEarly)
        XCTAssertEqual(outcome.epochs.count, 4)
        XCTAssertEqual(outcome.epochs.map(\.isBest), [true, true, false, false])
        XCTAssertEqual(outcome.epochs[0].trainLoss, 0.5)
        XCTAssertEqual(outcome.epochs[0].trainAccuracy, 0.25)
        XCTAssertEqual(outcome.trainedUnits, 48)
        XCTAssertEqual(progress.last?.fraction, 1, "the last batch of an epoch is always reported")
        for order in task.orders { XCTAssertEqual(order.sorted(), Array(0..<6)) }
        XCTAssertNotEqual(task.orders[0], task.orders[1], "a new order each epoch")
        var again = ScriptedTask(scores: task.scores)
        var other = 0
        _ = TrainingLoop.run(&again, model: &other, epochs: 6, patience: 2, seed: 3)
        XCTAssertEqual(again.orders, task.orders, "the shuffle is seeded")
    }

    func testWithoutDevDataEveryEpochIsKept() {
        var task = ScriptedTask(scores: [nil, nil, nil])
        var model = 0
        let outcome = TrainingLoop.run(&task, model: &model, epochs: 3, patience: 1, seed: 1)
        XCTAssertEqual(outcome.bestEpoch, 3)
        XCTAssertEqual(model, 3)
        XCTAssertFalse(outcome.stoppedEarly)
    }

    func testDevScoreOrder() {
        XCTAssertTrue(DevScore(loss: 2, accuracy: 0.6).isBetter(than: DevScore(loss: 1, accuracy: 0.5)))
        XCTAssertTrue(DevScore(loss: 1, accuracy: 0.5).isBetter(than: DevScore(loss: 2, accuracy: 0.5)), "a tie goes to the lower loss")
        XCTAssertFalse(DevScore(accuracy: 0.5).isBetter(than: DevScore(accuracy: 0.5)), "a tie without losses is not better")
        XCTAssertTrue(DevScore(loss: 4.1).isBetter(than: DevScore(loss: 4.2)))
        XCTAssertFalse(DevScore(loss: .nan).isBetter(than: nil), "NaN never wins")
        XCTAssertFalse(DevScore(loss: .nan).isBetter(than: DevScore(loss: 9)))
        XCTAssertTrue(DevScore(loss: 9).isBetter(than: nil))
        XCTAssertFalse(DevScore(loss: .infinity).isBetter(than: nil), "a diverged model is not kept")
    }
}

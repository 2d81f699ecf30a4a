import Synchronization

/// Where a vectors reader reports how far it got: `ReadProgress.withReport(handler) { ... }`
/// around a read calls `handler(bytesDone, totalBytes)` every few megabytes, so that every
/// format's reader can report without a parameter on each entry point.
///
/// A process-wide slot behind a `Mutex`, not a `@TaskLocal`: the command-line tool reads from
/// synchronous code outside any task, where pushing a task-local value crashed the Swift 6.3
/// runtime on Linux (`swift_task_localValuePush`). Reads on other threads at the same time see
/// the same handler, which only prints progress.
public enum ReadProgress {
    public typealias Handler = @Sendable (_ done: Int, _ total: Int) -> Void
    private static let slot = Mutex<Handler?>(nil)

    /// The handler set by the innermost `withReport` in progress, if any.
    public static var report: Handler? { slot.withLock { $0 } }

    /// Runs `body` with `handler` as `report`, restoring the previous one afterwards.
    public static func withReport<R>(_ handler: Handler?, _ body: () throws -> R) rethrows -> R {
        let previous = slot.withLock { current -> Handler? in
            let old = current
            current = handler
            return old
        }
        defer { slot.withLock { $0 = previous } }
        return try body()
    }
}

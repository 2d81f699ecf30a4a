/// Where a vectors reader reports how far it got: `ReadProgress.$report.withValue(handler)
/// { ... }` around a read calls `handler(bytesDone, totalBytes)` every few megabytes. A task
/// local, so that every format's reader can report without a parameter on each entry point.
public enum ReadProgress {
    public typealias Handler = @Sendable (_ done: Int, _ total: Int) -> Void
    @TaskLocal public static var report: Handler?
}

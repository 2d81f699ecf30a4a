import Foundation

/// Progress on stderr: on a terminal one line refreshed in place (`\r`), elsewhere (a pipe,
/// a log file) one line per update, at most one per second. Silent with `--quiet`.
///
/// `@unchecked Sendable`: every mutable property is read and written under `lock`.
final class ProgressPrinter: @unchecked Sendable {
    private let quiet: Bool
    private let terminal = isatty(STDERR_FILENO) != 0
    private var last = Date.distantPast
    private var pendingLine = false
    private let lock = NSLock()

    init(quiet: Bool) { self.quiet = quiet }

    /// A transient status line.
    func update(_ line: String) {
        guard !quiet else { return }
        lock.lock(); defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(last) >= 0.95 else { return }
        last = now
        if terminal {
            FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
            pendingLine = true
        } else {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    /// A permanent line (replaces a transient one on a terminal).
    func finish(_ line: String) {
        guard !quiet else { return }
        lock.lock(); defer { lock.unlock() }
        let prefix = terminal && pendingLine ? "\r\u{1B}[K" : ""
        pendingLine = false
        FileHandle.standardError.write(Data((prefix + line + "\n").utf8))
    }

    /// `m:ss`, or `h:mm:ss` from an hour, for an ETA; `?` when not finite.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}

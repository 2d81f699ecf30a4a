import Dispatch
import Foundation

/// SIGINT (Ctrl-C) and SIGTERM for long commands. The signals are ignored as signals and
/// delivered instead to Dispatch signal sources on a utility queue, so that the handler can
/// do real work (stop the trainer, print) and the command's own thread never sees an
/// interrupted system call.
///
/// The first signal runs the current `action`: while training it asks the workers to stop
/// at their next sentence (the command then saves a checkpoint and exits with
/// `ExitStatus.interrupted`); with no action set (e.g. while the corpus is read, when there
/// is nothing to save) the process exits at once with that status. A second signal always
/// exits at once.
///
/// `@unchecked Sendable`: every mutable property is read and written under `lock`.
final class InterruptHandler: @unchecked Sendable {
    static let shared = InterruptHandler()

    private let lock = NSLock()
    private var sources: [DispatchSourceSignal] = []
    private var action: (@Sendable () -> Void)?
    private var idleMessage = "interrupted; nothing was saved"
    private var count = 0

    /// Takes over SIGINT and SIGTERM (idempotent).
    func install() {
        lock.lock(); defer { lock.unlock() }
        guard sources.isEmpty else { return }
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global(qos: .utility))
            source.setEventHandler { [unowned self] in self.received(number) }
            source.resume()
            sources.append(source)
        }
    }

    /// What the first signal does from now on; nil means "exit at once, printing `message`".
    func onInterrupt(_ message: String = "interrupted; nothing was saved", _ action: (@Sendable () -> Void)?) {
        lock.lock(); defer { lock.unlock() }
        self.action = action
        idleMessage = message
    }

    /// True once a signal arrived.
    var interrupted: Bool {
        lock.lock(); defer { lock.unlock() }
        return count > 0
    }

    private func received(_ number: Int32) {
        lock.lock()
        count += 1
        let first = count == 1
        let action = action, message = idleMessage
        lock.unlock()
        let name = number == SIGTERM ? "SIGTERM" : "SIGINT"
        guard first else {
            printError("\nw2v: second \(name): quitting at once (an output being written is left unfinished, under a temporary name)")
            _exit(ExitStatus.interrupted)
        }
        guard let action else {
            printError("\nw2v: \(name): \(message)")
            _exit(ExitStatus.interrupted)
        }
        action()
    }
}

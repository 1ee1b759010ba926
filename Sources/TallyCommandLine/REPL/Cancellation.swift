#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The flag a SIGINT sets while an evaluation runs: plain memory a signal handler may write.
nonisolated(unsafe) private let cancellationFlag: UnsafeMutablePointer<sig_atomic_t> = {
    let p = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
    p.initialize(to: 0)
    return p
}()

private func cancellationHandler(_: Int32) { cancellationFlag.pointee = 1 }

/// Ctrl-C during an evaluation: while `during` runs, SIGINT sets a flag (instead of ending the
/// process) that the evaluator polls through the `isCancelled` closure it is given; the previous
/// SIGINT disposition is restored afterwards.
enum Cancellation {
    /// Runs `body` with SIGINT turned into a cancellation request.
    static func during<T>(_ body: (_ isCancelled: @escaping @Sendable () -> Bool) -> T) -> T {
        cancellationFlag.pointee = 0
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = cancellationHandler
        #else
        action.__sigaction_u.__sa_handler = cancellationHandler
        #endif
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        var previous = sigaction()
        _ = sigaction(SIGINT, &action, &previous)
        defer { _ = sigaction(SIGINT, &previous, nil) }
        return body { cancellationFlag.pointee != 0 }
    }

    /// Whether the last `during` call was asked to stop.
    static var wasRequested: Bool { cancellationFlag.pointee != 0 }
}

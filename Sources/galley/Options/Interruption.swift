import Foundation
import UnixSignals

/// Ctrl-C and `kill` for the commands that compile and run snippets: the work is cancelled,
/// which stops every compiler and program with its whole process group and removes their
/// temporary folders, and only then does `galley` exit, with 130 for SIGINT and 143 for
/// SIGTERM, as shells expect.
enum Interruption {
    /// Runs `work`, or stops it and exits when SIGINT or SIGTERM arrives first.
    static func exitOnSignal(_ work: @escaping @Sendable () async throws -> Void) async throws {
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        let signal: UnixSignal? = try await withThrowingTaskGroup(of: UnixSignal?.self) { group in
            group.addTask {
                try await work()
                return nil
            }
            group.addTask {
                for await signal in signals { return signal }
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { return nil }
            guard let signal = first else { return nil }
            group.cancelAll()
            // The work ends once its processes are dead and its folders gone; what it throws
            // while being cancelled says nothing the exit status does not.
            while let _ = try? await group.next() {}
            return signal
        }
        if let signal {
            Console.error("galley: stopped by \(signal == .sigint ? "SIGINT" : "SIGTERM"); every compiler and program it started was stopped.")
            Foundation.exit(128 + signal.rawValue)
        }
    }
}

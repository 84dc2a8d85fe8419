import NIOCore
import NIOPosix

/// Runs tasks on event loops of their own, for servers under test whose timing matters.
///
/// The whole test run shares one cooperative pool, a thread per core, and other suites block
/// it for seconds at a time (waiting for processes, reading pipes); a server answering there
/// would be measured waiting for them. Tasks started under this preference, the server's
/// connections and the actors they call among them, run here instead.
final class EventLoopTaskExecutor: TaskExecutor {
    static let shared = EventLoopTaskExecutor(MultiThreadedEventLoopGroup(numberOfThreads: 2))

    private let group: MultiThreadedEventLoopGroup

    private init(_ group: MultiThreadedEventLoopGroup) {
        self.group = group
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        group.next().execute { job.runSynchronously(on: executor) }
    }
}

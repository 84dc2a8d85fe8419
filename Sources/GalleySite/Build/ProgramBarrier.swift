internal import GalleySnippets

/// Where the page tasks of a build meet their snippets' results.
///
/// Each task parses its pages, hands their programs over and waits; once every task has,
/// the programs of the whole site run as one job list (so the runner plans and merges across
/// pages), and each task gets back the runs of its own programs, in their order, to render
/// the pages from the parse those programs came from. Nothing runs when a page had an error.
actor ProgramBarrier {
    /// The runs of one task's programs, or why there are none.
    enum Outcome: Sendable {
        /// The runs of the task's programs, in order; `nil` for a program not selected to run.
        case ran([SnippetRunner.Run?])
        /// Some page could not be read or has a bad fence: its errors are the build's.
        case pageErrors
        /// The runner failed: the build fails with this.
        case failed(BuildFailure)
    }

    private let participants: Int
    private let runPrograms: @Sendable ([SnippetProgram]) async throws(BuildFailure) -> (SnippetRunner.Report, [SnippetRunner.Run?])
    private var programsByTask: [Int: [SnippetProgram]] = [:]
    private var anyPageErrors = false
    private var waiting: [Int: CheckedContinuation<Outcome, Never>] = [:]
    /// How the programs were run, once they have.
    private(set) var report: SnippetRunner.Report?

    /// A barrier for `participants` tasks that runs their programs with `run`.
    ///
    /// `run` gets every program, in page order, and returns the runs of all of them (`nil`
    /// for those it leaves out) with its report.
    init(
        participants: Int,
        run: @escaping @Sendable ([SnippetProgram]) async throws(BuildFailure) -> (SnippetRunner.Report, [SnippetRunner.Run?])
    ) {
        self.participants = participants
        runPrograms = run
    }

    /// Hands over the programs of task `task`'s pages and waits for their runs.
    ///
    /// - Parameter hasErrors: Whether one of its pages had an error, which stops every run.
    func submit(task: Int, programs: [SnippetProgram], hasErrors: Bool) async -> Outcome {
        programsByTask[task] = programs
        anyPageErrors = anyPageErrors || hasErrors
        guard programsByTask.count == participants else {
            return await withCheckedContinuation { waiting[task] = $0 }
        }
        // The last task to arrive runs everyone's programs, in page order.
        let outcomes = await runAll()
        for (other, continuation) in waiting { continuation.resume(returning: outcomes[other] ?? .pageErrors) }
        waiting = [:]
        return outcomes[task] ?? .pageErrors
    }

    private func runAll() async -> [Int: Outcome] {
        let tasks = programsByTask.keys.sorted()
        guard !anyPageErrors else { return Dictionary(uniqueKeysWithValues: tasks.map { ($0, .pageErrors) }) }
        let programs = tasks.flatMap { programsByTask[$0] ?? [] }
        let report: SnippetRunner.Report
        let runs: [SnippetRunner.Run?]
        do {
            (report, runs) = try await runPrograms(programs)
        } catch {
            return Dictionary(uniqueKeysWithValues: tasks.map { ($0, .failed(error)) })
        }
        self.report = report
        var outcomes: [Int: Outcome] = [:]
        var start = 0
        for task in tasks {
            let count = programsByTask[task]?.count ?? 0
            outcomes[task] = .ran(Array(runs[start..<start + count]))
            start += count
        }
        return outcomes
    }
}

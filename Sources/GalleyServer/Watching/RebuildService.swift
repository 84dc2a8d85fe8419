internal import Foundation
internal import GalleySite
internal import ServiceLifecycle

/// Watches the sources and rebuilds the site while the server runs.
///
/// A burst of changes becomes one rebuild once the sources have been quiet for a moment. A
/// rebuild, or a snippet run, that a newer change makes stale is cancelled and its result
/// never published; the next rebuild covers both changes.
struct RebuildService: Service {
    let server: PreviewServer
    let state: PreviewState
    let session: PreviewSession

    func run() async throws {
        let queue = ChangeQueue()
        try await cancelWhenGracefulShutdown {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await watch(into: queue) }
                group.addTask { await rebuildLoop(queue) }
                try await group.next()
                group.cancelAll()
            }
        }
        await state.close()
    }

    /// Runs the watcher, falling back to polling when inotify cannot be used.
    private func watch(into queue: ChangeQueue) async throws {
        let watcher = SourceWatcher(contentFolder: server.options.session.contentFolder, templatesFolder: server.options.session.templatesFolder)
        let deliver: @Sendable (PreviewSession.Changes) async -> Void = { await queue.add($0) }
        if !server.options.poll {
            do {
                try await watcher.run(.notify, deliver: deliver)
                return
            } catch let unavailable as SourceWatcher.NotifyUnavailable {
                server.report(.note("\(unavailable); watching by polling every \(server.options.pollInterval) instead"))
            }
        }
        try await watcher.run(.poll(interval: server.options.pollInterval), deliver: deliver)
    }

    private func rebuildLoop(_ queue: ChangeQueue) async {
        var session = self.session
        // The changes of a failed build stay due until a build succeeds with them.
        var failed = PreviewSession.Changes()
        await runSnippets(&session, queue: queue)
        while let fresh = await queue.next(quietPeriod: server.options.quietPeriod) {
            let changes = failed.merging(fresh)
            let outcome = await Self.unlessSuperseded(by: queue) { [server, session] in await server.rebuild(session, changes) }
            guard let outcome else {
                await queue.putBack(changes)
                continue
            }
            await server.publish(outcome, to: state)
            guard case .built(let built, _, _) = outcome else {
                failed = changes
                continue
            }
            session = built
            failed = PreviewSession.Changes()
            await runSnippets(&session, queue: queue)
        }
    }

    /// Runs the snippets not in the cache and publishes the pages whose output changed.
    private func runSnippets(_ session: inout PreviewSession, queue: ChangeQueue) async {
        let start = ContinuousClock.now
        let ran = await Self.unlessSuperseded(by: queue) { [session] () -> Result<(PreviewSession, PreviewSession.Update?), BuildFailure> in
            var next = session
            do throws(BuildFailure) {
                let update = try await next.runSnippets()
                return .success((next, update))
            } catch {
                return .failure(error)
            }
        }
        switch ran {
        case nil:
            break  // A newer change came; the next rebuild runs what is still missing.
        case .success((let next, let update))?:
            session = next
            guard let update else { return }
            await server.publish(.built(next, update, ContinuousClock.now - start), to: state)
        case .failure(let failure)?:
            await server.publish(.failed(failure), to: state)
        }
    }

    /// Runs `work`, cancelling it when a newer change arrives; `nil` when it was cancelled.
    private static func unlessSuperseded<Result: Sendable>(
        by queue: ChangeQueue, _ work: @escaping @Sendable () async -> Result
    ) async -> Result? {
        await withTaskGroup(of: Result?.self) { group in
            group.addTask { await work() }
            group.addTask {
                await queue.waitForChanges()
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}

/// Changes waiting for a rebuild, merged as they arrive.
actor ChangeQueue {
    private var pending = PreviewSession.Changes()
    private var firstChange: ContinuousClock.Instant?
    private var lastChange: ContinuousClock.Instant?
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Adds changes and wakes whoever waits for them.
    func add(_ changes: PreviewSession.Changes) {
        guard !changes.isEmpty else { return }
        pending = pending.merging(changes)
        let now = ContinuousClock.now
        if firstChange == nil { firstChange = now }
        lastChange = now
        wake()
    }

    /// Returns changes that were taken but not built, ahead of newer ones.
    func putBack(_ changes: PreviewSession.Changes) {
        pending = changes.merging(pending)
        if firstChange == nil { firstChange = .now }
        if lastChange == nil { lastChange = .now }
    }

    /// Returns once some change is pending, or the task is cancelled.
    func waitForChanges() async {
        while pending.isEmpty, !Task.isCancelled {
            await withTaskCancellationHandler {
                await withCheckedContinuation { waiters.append($0) }
            } onCancel: {
                Task { await self.wake() }
            }
        }
    }

    /// The pending changes once the sources have been quiet for `quietPeriod` (or busy for
    /// twenty times that, so a program writing without pause still gets a preview); `nil`
    /// when the task is cancelled.
    func next(quietPeriod: Duration) async -> PreviewSession.Changes? {
        while !Task.isCancelled {
            await waitForChanges()
            guard let first = firstChange, let last = lastChange else { continue }
            let now = ContinuousClock.now
            let due = min(last + quietPeriod, first + quietPeriod * 20)
            if now >= due {
                let changes = pending
                pending = PreviewSession.Changes()
                firstChange = nil
                lastChange = nil
                return changes
            }
            try? await Task.sleep(until: due, clock: .continuous)
        }
        return nil
    }

    private func wake() {
        let waiting = waiters
        waiters = []
        for waiter in waiting { waiter.resume() }
    }
}

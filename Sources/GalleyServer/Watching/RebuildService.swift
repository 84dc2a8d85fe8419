internal import Foundation
internal import GalleySite
internal import ServiceLifecycle

/// Watches the sources and rebuilds the site while the server runs.
///
/// A burst of changes becomes one rebuild once the sources have been quiet for a moment. A
/// rebuild that a newer change makes stale is cancelled and never published; the next rebuild
/// covers both changes. Snippet runs are not stopped by edits: they run beside the rebuilds,
/// at a low priority and with fewer jobs while the sources are being edited.
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

    /// How many snippet programs one background run takes at most: enough to fill every
    /// core's merged module, few enough that the results of an edit come soon after.
    static let snippetRound = 80

    /// How long after a change the sources count as being edited, and snippet rounds leave a
    /// core free for the rebuilds.
    static let editingWindow: Duration = .seconds(10)

    private enum Event: Sendable {
        case changes(PreviewSession.Changes)
        case ran(PreviewSession.Ran)
    }

    /// Rebuilds on every change and runs the snippets the cache cannot answer beside it.
    ///
    /// Snippets run in rounds in a task of their own, at a low priority, so a rebuild never
    /// waits for them: an edit is built and served while compilers work. A round starts only
    /// when no change is due, takes the programs of the pages being viewed first, runs one job
    /// fewer while the sources are being edited, and its results are shown on the site as it
    /// is by then.
    private func rebuildLoop(_ queue: ChangeQueue) async {
        var session = self.session
        // The changes of a failed build stay due until a build succeeds with them.
        var failed = PreviewSession.Changes()
        let finished = RanQueue()
        var lastChange: ContinuousClock.Instant?
        await withTaskGroup(of: Void.self) { snippets in
            var running = false
            func startSnippets() async {
                guard !running, await !queue.hasPending else { return }
                let editing = lastChange.map { ContinuousClock.now - $0 < Self.editingWindow } ?? false
                let first = session.pendingWork(viewed: await state.viewed.recent(), limit: Self.snippetRound, editing: editing)
                guard let work = first else { return }
                running = true
                snippets.addTask { await finished.add(await work.run()) }
            }
            await startSnippets()
            while !Task.isCancelled {
                for event in await Self.nextEvents(queue, finished, quietPeriod: server.options.quietPeriod) {
                    switch event {
                    case .changes(let fresh):
                        lastChange = .now
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
                    case .ran(let ran):
                        running = false
                        let start = ContinuousClock.now
                        var next = session
                        do throws(BuildFailure) {
                            if let update = try await next.apply(ran) {
                                session = next
                                await server.publish(.built(next, update, ContinuousClock.now - start), to: state)
                            }
                        } catch {
                            await server.publish(.failed(error), to: state)
                        }
                    }
                }
                await startSnippets()
            }
            snippets.cancelAll()
        }
    }

    /// The next changes or snippet results, whichever come first, and any that came with them.
    private static func nextEvents(_ queue: ChangeQueue, _ finished: RanQueue, quietPeriod: Duration) async -> [Event] {
        await withTaskGroup(of: Event?.self) { group in
            group.addTask { await queue.next(quietPeriod: quietPeriod).map(Event.changes) }
            group.addTask { await finished.next().map(Event.ran) }
            var events: [Event] = []
            if let first = await group.next(), let first { events.append(first) }
            group.cancelAll()
            // A waiter that finished as the other did keeps what it took.
            for await other in group { if let other { events.append(other) } }
            return events
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

/// Finished snippet runs, handed from their task to the rebuild loop.
actor RanQueue {
    private var finished: [PreviewSession.Ran] = []
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func add(_ ran: PreviewSession.Ran) {
        finished.append(ran)
        wake()
    }

    /// The oldest finished run; `nil` when the task is cancelled first.
    func next() async -> PreviewSession.Ran? {
        while finished.isEmpty, !Task.isCancelled {
            await withTaskCancellationHandler {
                await withCheckedContinuation { waiters.append($0) }
            } onCancel: {
                Task { await self.wake() }
            }
        }
        return finished.isEmpty ? nil : finished.removeFirst()
    }

    private func wake() {
        let waiting = waiters
        waiters = []
        for waiter in waiting { waiter.resume() }
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

    /// Whether some change waits for a rebuild.
    var hasPending: Bool { !pending.isEmpty }

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

/// Which programs are compiled together and which alone, after the cache has answered what it
/// could.
///
/// Programs that can be merged go into batches of programs that never declare or use each
/// other's names, so no program compiles in a batch and not alone or means something else
/// there. Batches are filled by source size, largest programs first into the least-filled
/// batch, so the `--jobs` compilers finish together, and hold at most
/// ``RunnerSettings/maximumBatchSize`` programs, so one that fails costs little.
struct CompilePlan: Sendable {
    /// Indices of programs compiled together, one list per batch.
    var batches: [[Int]] = []
    /// Indices of programs compiled alone.
    var alone: [Int] = []

    /// Plans `pending`, indices into `programs`. Programs merge only with programs of the same
    /// compiler flags (`flags="…"`): one module is one compilation.
    init(programs: [SnippetProgram], pending: [Int], analyses: [Int: MergeAnalysis], jobs: Int, maximumBatchSize: Int) {
        var mergeable: [[String]: [Int]] = [:]
        var flagOrder: [[String]] = []
        for index in pending {
            guard let analysis = analyses[index], analysis.isMergeable else {
                alone.append(index)
                continue
            }
            let flags = programs[index].compilerFlags
            if mergeable[flags] == nil { flagOrder.append(flags) }
            mergeable[flags, default: []].append(index)
        }
        let size = { (index: Int) in programs[index].snippets.reduce(0) { $0 + $1.code.utf8.count } + 200 }
        for flags in flagOrder {
            plan(mergeable[flags]!, programs: programs, analyses: analyses, jobs: jobs, maximumBatchSize: maximumBatchSize, size: size)
        }
        // Large batches first: the longest compilations should start first.
        batches.sort { $0.map(size).reduce(0, +) > $1.map(size).reduce(0, +) }
    }

    /// Plans programs of the same flags into batches.
    private mutating func plan(
        _ mergeable: [Int], programs: [SnippetProgram], analyses: [Int: MergeAnalysis], jobs: Int, maximumBatchSize: Int,
        size: (Int) -> Int
    ) {
        guard mergeable.count > 1 else {
            alone += mergeable
            return
        }
        let wanted = max(min(jobs, mergeable.count / 2), (mergeable.count + maximumBatchSize - 1) / maximumBatchSize)
        struct Batch {
            var members: [Int] = []
            var bytes = 0
            var declared: Set<String> = []
            var used: Set<String> = []
        }
        var planned: [Batch] = []
        for index in mergeable.sorted(by: { size($0) > size($1) }) {
            let analysis = analyses[index]!
            let fits = planned.indices.filter { batch in
                planned[batch].members.count < maximumBatchSize
                    && planned[batch].declared.isDisjoint(with: analysis.usedNames)
                    && planned[batch].used.isDisjoint(with: analysis.declaredNames)
            }
            let target: Int
            if planned.count < wanted || fits.isEmpty {
                planned.append(Batch())
                target = planned.count - 1
            } else {
                target = fits.min { planned[$0].bytes < planned[$1].bytes }!
            }
            planned[target].members.append(index)
            planned[target].bytes += size(index)
            planned[target].declared.formUnion(analysis.declaredNames)
            planned[target].used.formUnion(analysis.usedNames)
        }
        for batch in planned {
            if batch.members.count > 1 { batches.append(batch.members.sorted()) } else { alone += batch.members }
        }
    }
}

internal import GalleyMarkdown

extension TemplateSet {
    /// How deep sections and partials may nest, counted together along any chain of includes.
    ///
    /// swift-mustache parses and renders one level by one recursive call; thousands of levels
    /// overflow the stack and kill the process. A real theme nests a handful of levels.
    public static let nestingLimit = 100

    /// The problems of the templates' includes: a partial that does not exist, a name looked up
    /// in the data, a template that includes itself (directly or through others), and chains
    /// that nest deeper than ``nestingLimit``; each at the tag's `file:line:col`.
    static func checkIncludes(_ outlines: [String: TemplateOutline]) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let names = outlines.keys.sorted()
        for name in names {
            for include in outlines[name]!.includes {
                if include.isDynamic {
                    problems.append(
                        .error(
                            at: include.location,
                            "`{{>*\(include.name)}}` takes the partial's name from the page's data, so Galley cannot rule out a template including itself; name the partial, as in `{{> \(include.name)}}`"
                        )
                    )
                } else if outlines[include.name] == nil {
                    problems.append(
                        .error(
                            at: include.location,
                            "there is no template `\(include.name)` to include; add `\(include.name).mustache` to the templates folder or correct the name"
                        )
                    )
                }
            }
        }
        guard problems.isEmpty else { return problems }

        // Depth-first, iteratively (a theme could chain many partials). A partial reached again
        // while it is still being visited closes a cycle.
        enum Mark { case visiting, done }
        var marks: [String: Mark] = [:]
        var finished: [String] = []
        for root in names where marks[root] == nil {
            var path: [(name: String, next: Int)] = [(root, 0)]
            marks[root] = .visiting
            while let (name, next) = path.last {
                let includes = outlines[name]!.includes
                guard next < includes.count else {
                    marks[name] = .done
                    finished.append(name)
                    path.removeLast()
                    continue
                }
                path[path.count - 1].next += 1
                let include = includes[next]
                switch marks[include.name] {
                case .visiting:
                    let start = path.firstIndex { $0.name == include.name }!
                    let cycle = path[start...].map(\.name) + [include.name]
                    problems.append(
                        .error(
                            at: include.location,
                            "`\(include.name)` includes itself: \(cycle.map { "`\($0)`" }.joined(separator: " → ")); a template may not include itself, directly or through other partials (rendering it would never end)"
                        )
                    )
                case .done:
                    continue
                case nil:
                    marks[include.name] = .visiting
                    path.append((include.name, 0))
                }
            }
        }
        guard problems.isEmpty else { return problems }

        // Without cycles, every template's deepest chain is known once the partials it includes
        // are done, which is the order they finished in.
        var deepest: [String: (depth: Int, through: TemplateOutline.Include?)] = [:]
        for name in finished {
            let outline = outlines[name]!
            var best: (depth: Int, through: TemplateOutline.Include?) = (outline.depth, nil)
            for include in outline.includes {
                let depth = include.depth + 1 + deepest[include.name]!.depth
                if depth > best.depth { best = (depth, include) }
            }
            deepest[name] = best
        }
        guard let root = names.max(by: { deepest[$0]!.depth < deepest[$1]!.depth }), deepest[root]!.depth > nestingLimit else {
            return []
        }
        // Follow the deepest chain to the tag where it passes the limit.
        var chain = [root]
        var offset = 0
        var name = root
        var location = outlines[root]!.deepestLocation
        while let include = deepest[name]!.through {
            if offset + include.depth + 1 > nestingLimit {
                location = include.location
                break
            }
            offset += include.depth + 1
            name = include.name
            chain.append(name)
            location = outlines[name]!.deepestLocation
        }
        return [
            .error(
                at: location,
                "sections and partials nest more than \(nestingLimit) levels deep here, through \(chain.map { "`\($0)`" }.joined(separator: " → ")); flatten the templates (see the README's Limits and refusals)"
            )
        ]
    }
}

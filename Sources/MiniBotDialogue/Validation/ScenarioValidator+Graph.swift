/// Graph checks: reachability from the start step and cycles that no edge leaves.
extension ScenarioValidator {
    /// Steps reached implicitly by the engine, not by an edge.
    static func implicitTargets(_ scenario: Scenario) -> [String] {
        var targets = ["not_understood"]
        if scenario.steps.contains(where: \.determinant) { targets.append("bye_failed") }
        return targets.filter { scenario.step($0) != nil }
    }

    func checkReachability(_ scenario: Scenario, _ issues: inout [ValidationIssue]) {
        guard let start = scenario.startStepID, scenario.step(start) != nil else { return }
        var reached: Set<String> = [start]
        var queue = [start] + Self.implicitTargets(scenario)
        reached.formUnion(queue)
        while let id = queue.popLast() {
            guard let step = scenario.step(id) else { continue }
            for edge in step.edges where scenario.step(edge.target) != nil && !reached.contains(edge.target) {
                reached.insert(edge.target)
                queue.append(edge.target)
            }
        }
        for step in scenario.steps where !reached.contains(step.id) {
            issues.append(.init(.warning, .unreachableStep, path: "steps.\(step.id)",
                                "no step leads to \"\(step.id)\" from the start step \"\(start)\""))
        }
    }

    /// Tarjan's strongly connected components; a component with no terminal step and no
    /// edge leaving it (and no `@return`) traps the call until the hard turn cap.
    func checkCycles(_ scenario: Scenario, _ issues: inout [ValidationIssue]) {
        let ids = scenario.steps.map(\.id)
        var successors: [String: [String]] = [:]
        for step in scenario.steps {
            successors[step.id] = step.edges.map(\.target).filter { scenario.step($0) != nil }
        }
        var index = 0
        var indices: [String: Int] = [:]
        var lowlink: [String: Int] = [:]
        var stack: [String] = []
        var onStack: Set<String> = []
        var components: [[String]] = []

        // Iterative Tarjan to stay safe on long scenarios.
        for root in ids where indices[root] == nil {
            var work: [(node: String, next: Int)] = [(root, 0)]
            indices[root] = index; lowlink[root] = index; index += 1
            stack.append(root); onStack.insert(root)
            while let frame = work.last {
                let node = frame.node
                let next = successors[node] ?? []
                if frame.next < next.count {
                    work[work.count - 1].next += 1
                    let child = next[frame.next]
                    if indices[child] == nil {
                        indices[child] = index; lowlink[child] = index; index += 1
                        stack.append(child); onStack.insert(child)
                        work.append((child, 0))
                    } else if onStack.contains(child) {
                        lowlink[node] = min(lowlink[node] ?? 0, indices[child] ?? 0)
                    }
                } else {
                    work.removeLast()
                    if let parent = work.last?.node {
                        lowlink[parent] = min(lowlink[parent] ?? 0, lowlink[node] ?? 0)
                    }
                    if lowlink[node] == indices[node] {
                        var component: [String] = []
                        while let top = stack.popLast() {
                            onStack.remove(top)
                            component.append(top)
                            if top == node { break }
                        }
                        components.append(component)
                    }
                }
            }
        }
        for component in components {
            let members = Set(component)
            let isCycle = component.count > 1 || (successors[component[0]] ?? []).contains(component[0])
            guard isCycle else { continue }
            let steps = component.compactMap { scenario.step($0) }
            let hasExit = steps.contains { step in
                step.isTerminal || step.edges.contains { !members.contains($0.target) }
            }
            if !hasExit {
                let ordered = ids.filter(members.contains)
                let loop = (ordered + [ordered[0]]).joined(separator: " → ")
                issues.append(.init(.error, .cycleWithoutExit, path: "steps.\(ordered[0])",
                                    "steps \(loop) form a cycle with no way out"))
            }
        }
    }
}

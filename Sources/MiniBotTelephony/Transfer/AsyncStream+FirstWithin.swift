extension AsyncStream where Element: Sendable {
    /// The stream's first element, or nil when the stream ends or `deadline` passes first: how a
    /// transfer waits for the PBX's verdict on the agent's leg without ever hanging the call.
    func first(within deadline: Duration) async -> Element? {
        await withTaskGroup(of: Element?.self) { group in
            group.addTask {
                for await element in self { return element }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: deadline)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}

import ArgumentParser

/// `minibot demo`: the whole system on loopback. Until the campaign issue lands it says
/// honestly what exists instead of pretending.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the built-in demonstration (no PBX needed)."
    )

    func run() throws {
        print("The full telephone demo (simulated PBX + campaign) is not built yet.")
    }
}

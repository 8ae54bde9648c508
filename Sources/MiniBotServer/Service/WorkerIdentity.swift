import Foundation

/// The name a dialling process holds its queue claims and leases under.
///
/// Why random by default: the name used to be `<host>-serve`, and a starting worker treated
/// entries held under its own name as its crash leftovers, so a second `serve` on the same host
/// (systemd template units, containers with a fixed hostname, a restart overlapping a stop)
/// closed the first one's live calls as interrupted. Recovery now goes by lease expiry only, and
/// every process start gets a name of its own.
///
/// ```swift
/// WorkerIdentity.make(configured: nil, role: "serve")      // "db-host-1-serve-3fa91c"
/// WorkerIdentity.make(configured: "eu-west-a", role: "serve") // "eu-west-a"
/// ```
public enum WorkerIdentity {
    public static func make(configured: String?, role: String) -> String {
        if let configured, !configured.isEmpty { return configured }
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return "\(ProcessInfo.processInfo.hostName)-\(role)-\(suffix)"
    }
}

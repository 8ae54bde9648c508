import Foundation

/// The name a dialling process holds its queue claims and leases under.
///
/// Why always unique per start: the name used to be `<host>-serve`, and a starting worker treated
/// entries held under its own name as its crash leftovers, so a second `serve` on the same host
/// (systemd template units, containers with a fixed hostname, a restart overlapping a stop)
/// closed the first one's live calls as interrupted. Recovery now goes by lease expiry only; and a
/// restarted process must not renew the leases its dead predecessor held (they would never
/// expire), so even a configured `WORKER_ID` gets a per-start suffix.
///
/// ```swift
/// WorkerIdentity.make(configured: nil, role: "serve")         // "db-host-1-serve-3fa91c07"
/// WorkerIdentity.make(configured: "eu-west-a", role: "serve") // "eu-west-a-5d02e1aa"
/// ```
public enum WorkerIdentity {
    public static func make(configured: String?, role: String) -> String {
        let suffix = String(format: "%08x", UInt32.random(in: 0...UInt32.max))
        if let configured, !configured.isEmpty { return "\(configured)-\(suffix)" }
        return "\(ProcessInfo.processInfo.hostName)-\(role)-\(suffix)"
    }
}

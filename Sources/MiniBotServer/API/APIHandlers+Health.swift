import Foundation
import Hummingbird

struct HealthJSON: Encodable {
    struct Check: Encodable {
        var name: String
        var ok: Bool
        var detail: String
    }

    var status: String
    var checks: [Check]
}

/// `GET /health` (no authentication): the database answers a trivial query and every probe
/// of the environment (PBX…) is ok → 200; anything down → 503, with each check listed.
extension APIHandlers {
    func health() async -> Response {
        var checks: [HealthJSON.Check] = []
        let engine: String
        switch database.url {
        case .sqliteFile, .sqliteMemory: engine = "sqlite"
        case .postgres: engine = "postgresql"
        }
        do {
            _ = try await database.campaigns.campaign(id: 0)
            checks.append(.init(name: "database", ok: true, detail: "\(engine) schema v\(database.schemaVersion)"))
        } catch {
            checks.append(.init(name: "database", ok: false, detail: "\(error)"))
        }
        for probe in environment.probes {
            let status = await probe.check()
            checks.append(.init(name: probe.name, ok: status.ok, detail: status.detail))
        }
        let ok = checks.allSatisfy(\.ok)
        return APIResponse.json(HealthJSON(status: ok ? "ok" : "degraded", checks: checks),
                                status: ok ? .ok : .serviceUnavailable)
    }

    /// The dashboard (someone else's files in `Dashboard/`), served from the module bundle.
    func dashboardFile(_ relative: String) throws -> Response {
        guard let folder = Bundle.module.url(forResource: "Dashboard", withExtension: nil),
              let path = ConfinedDirectory(folder.path).file(relative.isEmpty ? "index.html" : relative),
              let data = FileManager.default.contents(atPath: path) else {
            throw APIError.notFound("dashboard file \(relative) not found")
        }
        return APIResponse.bytes(data, contentType: Self.contentType(forExtension: (path as NSString).pathExtension))
    }
}

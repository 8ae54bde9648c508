import Foundation
import Hummingbird
import MiniBotDialer
import MiniBotDialogue
import MiniBotStorage

/// What the dashboard's campaign page shows beyond `GET /campaigns/{id}` (issue 16): the compliance
/// journal, the calls as a CSV export, the scenario graph as Mermaid text; and seed 002's
/// `GET /calls/assembled/{filename}` (the stereo recording is already the assembled bot + caller audio).
extension APIHandlers {
    /// `GET /campaigns/{id}/compliance?limit=&offset=`: journal lines, oldest first.
    func campaignCompliance(_ reference: String, _ request: Request) async throws -> Response {
        let campaign = try await campaign(reference)
        let limit = try request.queryInt("limit", in: 1...1_000) ?? 100
        let offset = try request.queryInt("offset", in: 0...Int.max) ?? 0
        let entries = try await database.complianceLog.entries(campaignID: campaign.id, limit: limit, offset: offset)
        return APIResponse.json(ComplianceLogJSON(items: entries.map(ComplianceEntryJSON.init), limit: limit, offset: offset))
    }

    /// `GET /campaigns/{id}/calls.csv`: the columns of `minibot campaign export` plus `recognizer`, the engine
    /// that heard the caller (`simulated` transcripts are labelled as such; UTF-8 with BOM, for Excel).
    func campaignCallsCSV(_ reference: String) async throws -> Response {
        let campaign = try await campaign(reference)
        let records = try await database.calls.calls(campaignID: campaign.id)
        let timeZone = TimeZone(identifier: campaign.compliance.timeZone) ?? TimeZone(identifier: "Europe/Paris") ?? .gmt
        let line: ([String]) -> String = { $0.map { CampaignExport.quote($0, ",") }.joined(separator: ",") + "\r\n" }
        var text = line(CampaignExport.columns + ["recognizer"])
        for record in records {
            text += line(CampaignExport.row(record, timeZone: timeZone) + [recognizer(of: record) ?? ""])
        }
        var response = APIResponse.bytes(Data(CampaignExport.byteOrderMark + Array(text.utf8)), contentType: "text/csv; charset=utf-8")
        response.headers[.contentDisposition] = "attachment; filename=\"campaign-\(campaign.id)-calls.csv\""
        return response
    }

    /// `GET /campaigns/{id}/graph.mmd`: the campaign's scenario as Mermaid (`minibot scenario graph`).
    func campaignGraph(_ reference: String) async throws -> Response {
        let campaign = try await campaign(reference)
        let scenario: Scenario
        do {
            // The reference was stored by the operator who created the campaign (the CLI may store a path),
            // not sent by this client, so it is loaded as the dialler loads it.
            scenario = try ScenarioLibrary(folder: environment.scenariosDirectory, allowsPaths: true).load(campaign.scenario).scenario
        } catch {
            throw APIError.notFound("scenario \(campaign.scenario) of campaign \(campaign.id): \(error)")
        }
        return APIResponse.text(ScenarioGraph.mermaid(scenario), contentType: "text/plain; charset=utf-8")
    }

    /// Seed 002's `GET /calls/assembled/full_call_assembled_{call}.wav` (call id or UUID); any other
    /// name is a file of the recordings folder, as `/calls/recordings/{filename}`.
    func assembledRecording(named name: String) async throws -> Response {
        let prefix = "full_call_assembled_", suffix = ".wav"
        if name.hasPrefix(prefix), name.hasSuffix(suffix), name.count > prefix.count + suffix.count {
            return try await recording(of: String(name.dropFirst(prefix.count).dropLast(suffix.count)))
        }
        return try recordingFile(named: name)
    }
}

struct ComplianceEntryJSON: Encodable {
    var at: Date
    var phone: String
    var allowed: Bool
    var rule: String?
    var reason: String?
    var nextAllowed: Date?

    enum CodingKeys: String, CodingKey { case at, phone, allowed, rule, reason, nextAllowed = "next_allowed" }

    init(_ entry: ComplianceLogEntry) {
        at = entry.at
        phone = entry.phone
        allowed = entry.allowed
        rule = entry.rule?.rawValue
        reason = entry.reason
        nextAllowed = entry.nextAllowed
    }
}

struct ComplianceLogJSON: Encodable {
    var items: [ComplianceEntryJSON]
    var limit: Int
    var offset: Int
}

import Foundation
import Hummingbird
import NIOCore
import ServiceLifecycle

/// What the dashboard follows live: every campaign with its numbers, the summary and the
/// performance figures, once per second.
struct ProgressEventJSON: Encodable {
    var campaigns: [CampaignJSON]
    var summary: SummaryJSON
    var performance: PerformanceJSON
}

/// `GET /events`: server-sent events (`event: progress`), so the dashboard updates without
/// polling. A stream lasts at most `maximumStreamSeconds` (EventSource reconnects by itself)
/// and ends when the service shuts down, so it never holds a graceful shutdown.
extension APIHandlers {
    static let maximumStreamSeconds = 300

    func progressEvents(_ request: Request) -> Response {
        let handlers = self
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
            for _ in 0..<Self.maximumStreamSeconds {
                guard !Task.isCancelled, !Task.isShuttingDownGracefully else { break }
                let event = try await handlers.progressEvent()
                let data = try APIResponse.encoder.encode(event)
                try await writer.write(ByteBuffer(string: "event: progress\ndata: " + String(decoding: data, as: UTF8.self) + "\n\n"))
                try? await Task.sleep(for: .seconds(1))
            }
            try await writer.finish(nil)
        })
    }

    func progressEvent(now: Date = Date()) async throws -> ProgressEventJSON {
        let running = Set(await environment.control.runningCampaigns())
        var campaigns: [CampaignJSON] = []
        for campaign in try await database.campaigns.campaigns() {
            let stats = try await database.campaigns.stats(campaignID: campaign.id, now: now)
            campaigns.append(CampaignJSON(campaign, dialling: running.contains(campaign.id), stats: stats))
        }
        return ProgressEventJSON(campaigns: campaigns, summary: try await summaryJSON(now: now),
                                 performance: PerformanceJSON(environment.performance()))
    }
}

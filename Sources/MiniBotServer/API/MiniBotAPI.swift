import Foundation
import Hummingbird
import Logging
import MiniBotStorage

/// The REST API of `minibot serve` (SPEC G1, seed 002's endpoints): build the router, or a
/// whole Hummingbird application to add to the service's `ServiceGroup`.
///
/// ```swift
/// let app = MiniBotAPI.application(environment: environment, host: "127.0.0.1", port: 8000, logger: logger)
/// let group = ServiceGroup(services: [dispatcher, app], gracefulShutdownSignals: [.sigterm], logger: logger)
/// try await group.run()
/// ```
public enum MiniBotAPI {
    /// Every route with its handler, error mapping, bearer authentication and body limit.
    /// Routes come from ``APIRoute/all``, the same list the OpenAPI document is checked against.
    public static func router(environment: APIEnvironment, logger: Logger) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        // Middleware wraps routes registered after it (and the not-found responder).
        router.add(middleware: APIErrorMiddleware(logger: logger))
        router.add(middleware: BearerAuthMiddleware(tokens: environment.bearerTokens))
        let handlers = APIHandlers(environment: environment, logger: logger)
        for route in APIRoute.all {
            router.on(RouterPath(route.path), method: route.method) { request, context in
                try await handlers.respond(route.id, to: request, context: context)
            }
        }
        return router
    }

    /// The router served on `host:port`, ready for a `ServiceGroup` (it is a `Service`).
    public static func application(environment: APIEnvironment, host: String, port: Int,
                                   logger: Logger) -> some ApplicationProtocol {
        Application(router: router(environment: environment, logger: logger),
                    configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "minibot"),
                    logger: logger)
    }
}

/// One route of the API: the single list both registered on the router and checked against
/// the OpenAPI document (a route missing from the document fails a test).
public struct APIRoute: Sendable, Hashable {
    public enum ID: String, Sendable, Hashable, CaseIterable {
        case health, dashboardIndex, dashboardFile, docs, openAPI, metrics
        case launchCall, listCalls, getCall, callTranscriptJSON, callTranscriptText, callRecording
        case seedTranscriptJSON, seedTranscriptText, seedRecording
        case createCampaign, createCampaignAlias, listCampaigns, getCampaign, updateCampaignStatus
        case statsSummary, statsPerformance, listScenarios, validateScenario, events, listWorkers
        case campaignCompliance, campaignCallsCSV, campaignGraph, seedAssembledRecording
    }

    public var id: ID
    public var method: HTTPRequest.Method
    /// Router path (`{name}` captures, `**` for the rest of the path).
    public var path: String
    /// The path as the OpenAPI document spells it.
    public var documentedPath: String

    init(_ id: ID, _ method: HTTPRequest.Method, _ path: String, documented: String? = nil) {
        self.id = id
        self.method = method
        self.path = path
        self.documentedPath = documented ?? path
    }

    public static let all: [APIRoute] = [
        APIRoute(.health, .get, "/health"),
        APIRoute(.dashboardIndex, .get, "/"),
        APIRoute(.dashboardFile, .get, "/dashboard/**", documented: "/dashboard/{path}"),
        APIRoute(.docs, .get, "/docs"),
        APIRoute(.openAPI, .get, "/openapi.json"),
        APIRoute(.metrics, .get, "/metrics"),
        APIRoute(.launchCall, .post, "/calls/launch"),
        APIRoute(.listCalls, .get, "/calls"),
        APIRoute(.getCall, .get, "/calls/{id}"),
        APIRoute(.callTranscriptJSON, .get, "/calls/{id}/transcript.json"),
        APIRoute(.callTranscriptText, .get, "/calls/{id}/transcript.txt"),
        APIRoute(.callRecording, .get, "/calls/{id}/recording.wav"),
        APIRoute(.seedTranscriptJSON, .get, "/calls/transcripts/{call_uuid}.json"),
        APIRoute(.seedTranscriptText, .get, "/calls/transcripts/{call_uuid}.txt"),
        APIRoute(.seedRecording, .get, "/calls/recordings/{filename}"),
        APIRoute(.seedAssembledRecording, .get, "/calls/assembled/{filename}"),
        APIRoute(.createCampaign, .post, "/campaigns"),
        APIRoute(.createCampaignAlias, .post, "/campaigns/create"),
        APIRoute(.listCampaigns, .get, "/campaigns"),
        APIRoute(.getCampaign, .get, "/campaigns/{id}"),
        APIRoute(.updateCampaignStatus, .patch, "/campaigns/{id}/status"),
        APIRoute(.campaignCompliance, .get, "/campaigns/{id}/compliance"),
        APIRoute(.campaignCallsCSV, .get, "/campaigns/{id}/calls.csv"),
        APIRoute(.campaignGraph, .get, "/campaigns/{id}/graph.mmd"),
        APIRoute(.statsSummary, .get, "/stats/summary"),
        APIRoute(.statsPerformance, .get, "/stats/performance"),
        APIRoute(.listScenarios, .get, "/scenarios"),
        APIRoute(.validateScenario, .post, "/scenarios/validate"),
        APIRoute(.events, .get, "/events"),
        APIRoute(.listWorkers, .get, "/workers"),
    ]
}

/// The handlers behind ``APIRoute``s; one extension file per area (`APIHandlers+Calls.swift`…).
struct APIHandlers: Sendable {
    let environment: APIEnvironment
    let logger: Logger
    /// `/stats/summary` and the event stream share one computation per `summaryMaximumAge`.
    let summaryCache = SummaryCache()

    var database: Database { environment.database }

    func respond(_ id: APIRoute.ID, to request: Request, context: BasicRequestContext) async throws -> Response {
        switch id {
        case .health: return await health()
        case .dashboardIndex: return try dashboardFile("index.html")
        case .dashboardFile: return try dashboardFile(context.parameters.getCatchAll().joined(separator: "/"))
        case .docs: return APIResponse.text(OpenAPIDocument.html(), contentType: "text/html; charset=utf-8")
        case .openAPI: return APIResponse.bytes(OpenAPIDocument.json, contentType: "application/json; charset=utf-8")
        case .metrics: return APIResponse.text(environment.metricsText(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        case .launchCall: return try await launchCall(request)
        case .listCalls: return try await listCalls(request)
        case .getCall: return try await getCall(try parameter("id", context))
        case .callTranscriptJSON: return try await transcript(of: try parameter("id", context), format: .json)
        case .callTranscriptText: return try await transcript(of: try parameter("id", context), format: .text)
        case .callRecording: return try await recording(of: try parameter("id", context))
        case .seedTranscriptJSON: return try await transcript(of: try parameter("call_uuid", context), format: .json)
        case .seedTranscriptText: return try await transcript(of: try parameter("call_uuid", context), format: .text)
        case .seedRecording: return try recordingFile(named: try parameter("filename", context))
        case .createCampaign, .createCampaignAlias: return try await createCampaign(request)
        case .listCampaigns: return try await listCampaigns()
        case .getCampaign: return try await getCampaign(try parameter("id", context))
        case .updateCampaignStatus: return try await updateCampaignStatus(try parameter("id", context), request)
        case .statsSummary: return try await statsSummary()
        case .statsPerformance: return APIResponse.json(PerformanceJSON(environment.performance()))
        case .listScenarios: return listScenarios()
        case .validateScenario: return try await validateScenario(request)
        case .events: return progressEvents(request)
        case .listWorkers: return try await listWorkers()
        case .campaignCompliance: return try await campaignCompliance(try parameter("id", context), request)
        case .campaignCallsCSV: return try await campaignCallsCSV(try parameter("id", context))
        case .campaignGraph: return try await campaignGraph(try parameter("id", context))
        case .seedAssembledRecording: return try await assembledRecording(named: try parameter("filename", context))
        }
    }

    /// A path capture, percent-decoded.
    func parameter(_ name: String, _ context: BasicRequestContext) throws -> String {
        guard let raw = context.parameters.get(name), let decoded = raw.percentDecodedPathSegment, !decoded.isEmpty else {
            throw APIError.badRequest("invalid path parameter \(name)", field: name)
        }
        return decoded
    }
}

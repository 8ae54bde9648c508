import Foundation
import Hummingbird
import MiniBotDialer
import MiniBotDialogue
import MiniBotStorage

/// `POST /calls/launch`, `GET /calls`, `GET /calls/{id}`.
extension APIHandlers {
    static let maximumPageSize = 200

    func launchCall(_ request: Request) async throws -> Response {
        let body = try await request.decodeJSON(LaunchCallRequest.self, limit: environment.maximumBodyBytes)
        let phone: PhoneNumber
        do {
            phone = try PhoneNumber(parsing: body.phoneNumber)
        } catch {
            throw APIError.badRequest("phone_number: \(error.reason)", field: "phone_number")
        }
        _ = try checkedScenario(body.scenario)
        let uuid: String
        do {
            uuid = try await environment.control.launchCall(phone: phone.e164, scenario: body.scenario,
                                                            variables: body.variables ?? [:])
        } catch {
            logger.error("test call could not be launched", metadata: ["error": "\(error)"])
            throw APIError.unavailable("the call could not be launched: \(error)")
        }
        return APIResponse.json(LaunchCallResponse(callUUID: uuid, phoneNumber: phone.e164, scenario: body.scenario,
                                                   status: "launched"), status: .accepted)
    }

    /// `page`/`page_size`, or `limit`/`offset`; filters `campaign_id`, `status`, `result`, `from`, `to`, `phone`.
    func listCalls(_ request: Request) async throws -> Response {
        var filter = CallFilter()
        filter.campaignID = try request.queryInt("campaign_id", in: 1...Int.max).map(Int64.init)
        filter.status = try request.queryEnum("status", as: CallStatus.self)
        filter.result = try request.queryEnum("result", as: CallResult.self)
        filter.startedFrom = try request.queryDate("from")
        filter.startedBefore = try request.queryDate("to")
        if let phone = request.query("phone") {
            do { filter.phone = try PhoneNumber(parsing: phone).e164 } catch {
                throw APIError.badRequest("phone: \(error.reason)", field: "phone")
            }
        }
        let limit = try request.queryInt("limit", in: 1...Self.maximumPageSize)
        let offset = try request.queryInt("offset", in: 0...Int.max)
        let pageParameter = try request.queryInt("page", in: 1...Int.max)
        let pageSizeParameter = try request.queryInt("page_size", in: 1...Self.maximumPageSize)
        if (limit != nil || offset != nil) && (pageParameter != nil || pageSizeParameter != nil) {
            throw APIError.badRequest("use either page/page_size or limit/offset, not both",
                                      field: limit != nil ? "limit" : "offset")
        }
        let pageSize = limit ?? pageSizeParameter ?? 50
        let skip: Int
        if let offset {
            skip = offset
        } else {
            let (value, overflow) = ((pageParameter ?? 1) - 1).multipliedReportingOverflow(by: pageSize)
            guard !overflow else { throw APIError.badRequest("page is too large", field: "page") }
            skip = value
        }
        let newestFirst: Bool
        switch request.query("order")?.lowercased() {
        case nil, "asc": newestFirst = false
        case "desc": newestFirst = true
        case let other?: throw APIError.badRequest("order: \(other) is not asc or desc", field: "order")
        }
        let records = try await database.calls.calls(filter: filter, limit: pageSize, offset: skip, newestFirst: newestFirst)
        let total = try await database.calls.callCount(filter: filter)
        return APIResponse.json(CallPageJSON(items: records.map { CallJSON($0) }, total: total,
                                             page: skip / pageSize + 1, pageSize: pageSize))
    }

    func getCall(_ reference: String) async throws -> Response {
        let record = try await call(reference)
        let turns = try await database.callTurns.turns(callID: record.callID)
        var json = CallJSON(record, turns: turns)
        json.recognizer = recognizer(of: record)
        return APIResponse.json(json)
    }

    /// The engine that heard the caller, from the call's transcript file (`engine` of the ``CallReport``
    /// `CallRunner` writes): a simulated recogniser is shown as such wherever the transcript is (issue 16).
    func recognizer(of record: CallRecord) -> String? {
        struct Engine: Decodable { var engine: String? }
        guard let path = callFile(record, extension: "json"), let data = FileManager.default.contents(atPath: path) else { return nil }
        return (try? JSONDecoder().decode(Engine.self, from: data))?.engine
    }

    /// A call by numeric id or by call UUID.
    func call(_ reference: String) async throws -> CallRecord {
        if let id = Int64(reference), let record = try await database.calls.call(id: id) { return record }
        if let uuid = CallID(reference), let record = try await database.calls.call(uuid: uuid) { return record }
        throw APIError.notFound("call \(reference) not found")
    }

    /// A scenario name of the scenarios folder that loads and validates; a 400 on `field` otherwise.
    func checkedScenario(_ name: String, field: String = "scenario") throws -> String {
        do {
            return try ScenarioLibrary(folder: environment.scenariosDirectory, allowsPaths: false).checked(name)
        } catch {
            throw APIError.badRequest("\(error)", field: field)
        }
    }
}

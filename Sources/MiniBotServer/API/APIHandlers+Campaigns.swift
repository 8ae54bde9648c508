import Foundation
import Hummingbird
import MiniBotDialer
import MiniBotStorage

/// Campaigns: create (JSON, CSV or multipart upload), list, detail with stats, and the
/// pause/resume/cancel/start state machine of `MiniBotDialer.CampaignStatus`.
extension APIHandlers {
    func createCampaign(_ request: Request) async throws -> Response {
        let input: CreateCampaignRequest
        var csv: Data?
        switch request.mediaType {
        case "application/json", "":
            input = try await request.decodeJSON(CreateCampaignRequest.self, limit: environment.maximumBodyBytes)
            csv = input.contactsCSV.map { Data($0.utf8) }
        case "text/csv":
            guard let name = request.query("name") else { throw APIError.badRequest("name is required", field: "name") }
            guard let scenario = request.query("scenario") else {
                throw APIError.badRequest("scenario is required", field: "scenario")
            }
            input = CreateCampaignRequest(name: name, scenario: scenario, settings: try Self.settings(from: request.query))
            csv = try await request.collectBody(limit: environment.maximumBodyBytes)
        case "multipart/form-data":
            let body = try await request.collectBody(limit: environment.maximumBodyBytes)
            let form: MultipartFormData
            do {
                form = try MultipartFormData(body: body, contentType: request.headers[.contentType] ?? "")
            } catch {
                throw APIError.badRequest("\(error)")
            }
            guard let name = form.text("name") else { throw APIError.badRequest("name is required", field: "name") }
            guard let scenario = form.text("scenario") else { throw APIError.badRequest("scenario is required", field: "scenario") }
            guard let file = form.file else { throw APIError.badRequest("a contacts file is required", field: "file") }
            input = CreateCampaignRequest(name: name, scenario: scenario, settings: try Self.settings(from: form.text))
            csv = file.data
        default:
            throw APIError.unsupportedMediaType("send application/json, text/csv or multipart/form-data")
        }
        return try await createCampaign(input, csv: csv)
    }

    private func createCampaign(_ input: CreateCampaignRequest, csv: Data?) async throws -> Response {
        let name = input.name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw APIError.badRequest("name must not be empty", field: "name") }
        let scenario = try checkedScenario(input.scenario)
        var campaign = Campaign(id: 0, name: name, scenario: scenario, createdAt: Date())
        try Self.apply(input.settings, to: &campaign)

        var contacts: [Contact] = []
        var report = ImportReport()
        if let csv {
            do {
                let result = try ContactImporter().importContacts(from: [UInt8](csv))
                contacts = result.contacts
                report = result.report
            } catch {
                throw APIError.badRequest("contacts file: \(error)", field: "file")
            }
        }
        var seen = Set(contacts.map(\.phone.e164))
        for (index, raw) in (input.phoneNumbers ?? []).enumerated() {
            do {
                let phone = try PhoneNumber(parsing: raw)
                if seen.insert(phone.e164).inserted {
                    contacts.append(Contact(phone: phone, sourceLine: index + 1))
                } else {
                    report.duplicates += 1
                }
            } catch {
                report.invalid.append(.init(line: index + 1, value: raw, reason: "phone_numbers[\(index)]: \(error.reason)"))
            }
        }
        // Contacts already stored, by id: every id must exist (a typo must not shrink the campaign silently).
        let ids = input.contactIDs ?? []
        let stored = try await database.contacts.contacts(ids: ids)
        let missing = Set(ids).subtracting(stored.map(\.id))
        guard missing.isEmpty else {
            throw APIError.badRequest("contact_ids: no contact with id \(missing.sorted().map(String.init).joined(separator: ", "))",
                                      field: "contact_ids")
        }
        let existing = stored.map(\.contact.phone).filter { seen.insert($0.e164).inserted }
        report.duplicates += stored.count - existing.count
        report.imported = contacts.count + existing.count

        let created = try await database.campaigns.create(campaign)
        var outcome = try await database.store(contacts, queueFor: created, at: Date())
        if !existing.isEmpty {
            outcome.queued += try await database.campaigns.enqueue(campaignID: created.id, phones: existing,
                                                                   priority: created.settings.priority, at: Date())
        }
        logger.info("campaign created via API", metadata: ["campaign_id": "\(created.id)", "contacts": "\(contacts.count)",
                                                           "invalid_rows": "\(report.invalid.count)"])
        let body = CreateCampaignResponse(
            campaign: CampaignJSON(created),
            contacts: ImportJSON(imported: report.imported, duplicates: report.duplicates, inserted: outcome.saved.inserted,
                                 updated: outcome.saved.updated, invalid: report.invalid),
            queued: outcome.queued)
        return APIResponse.json(body, status: .created)
    }

    /// Settings given as form fields or query parameters (`max_concurrent_calls=4`).
    static func settings(from value: (String) -> String?) throws -> CampaignSettingsInput {
        func int(_ name: String) throws -> Int? {
            guard let text = value(name) else { return nil }
            guard let number = Int(text) else { throw APIError.badRequest("\(name) must be a whole number", field: name) }
            return number
        }
        func double(_ name: String) throws -> Double? {
            guard let text = value(name) else { return nil }
            guard let number = Double(text) else { throw APIError.badRequest("\(name) must be a number", field: name) }
            return number
        }
        return CampaignSettingsInput(
            maxConcurrentCalls: try int("max_concurrent_calls"), callsPerMinute: try double("calls_per_minute"),
            delayBetweenCalls: try double("delay_between_calls"), priority: try int("priority"),
            testMode: value("test_mode").map { ["1", "true", "yes", "on"].contains($0.lowercased()) },
            maxRetries: try int("max_retries"), sector: value("sector"),
            select: value("select").map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } },
            limit: try int("limit"))
    }

    static func apply(_ input: CampaignSettingsInput?, to campaign: inout Campaign) throws {
        guard let input else { return }
        if let value = input.maxConcurrentCalls {
            guard value >= 1 else { throw APIError.badRequest("max_concurrent_calls must be at least 1", field: "settings.max_concurrent_calls") }
            campaign.settings.maxConcurrentCalls = value
        }
        if let value = input.callsPerMinute {
            guard value > 0 else { throw APIError.badRequest("calls_per_minute must be positive", field: "settings.calls_per_minute") }
            campaign.settings.callsPerMinute = value
        }
        if let value = input.delayBetweenCalls {
            guard value >= 0 else { throw APIError.badRequest("delay_between_calls must not be negative", field: "settings.delay_between_calls") }
            campaign.settings.delayBetweenCalls = value
        }
        if let value = input.priority { campaign.settings.priority = value }
        if let value = input.testMode { campaign.settings.testMode = value }
        if let value = input.maxRetries {
            guard value >= 0 else { throw APIError.badRequest("max_retries must not be negative", field: "settings.max_retries") }
            campaign.retry.maxRetries = value
        }
        if let value = input.sector {
            guard let sector = CampaignSector(rawValue: value) else {
                throw APIError.badRequest("sector must be general or energy_renovation", field: "settings.sector")
            }
            campaign.compliance.sector = sector
        }
        var statuses: Set<ContactStatus>?
        for name in input.select ?? [] {
            guard let status = ContactStatus(rawValue: name) else {
                throw APIError.badRequest("select: \(name) is not one of \(ContactStatus.allCases.map(\.rawValue).joined(separator: ", "))",
                                          field: "settings.select")
            }
            statuses = (statuses ?? []).union([status])
        }
        if let limit = input.limit, limit < 1 { throw APIError.badRequest("limit must be at least 1", field: "settings.limit") }
        campaign.settings.selection = ContactSelection(statuses: statuses, limit: input.limit)
    }

    func listCampaigns() async throws -> Response {
        let running = Set(await environment.control.runningCampaigns())
        let campaigns = try await database.campaigns.campaigns()
        return APIResponse.json(CampaignListJSON(items: campaigns.map { CampaignJSON($0, dialling: running.contains($0.id)) },
                                                 total: campaigns.count))
    }

    func getCampaign(_ reference: String) async throws -> Response {
        let campaign = try await campaign(reference)
        let stats = try await database.campaigns.stats(campaignID: campaign.id, now: Date())
        let overview = try await database.campaigns.overview(campaignID: campaign.id, now: Date())
        let running = await environment.control.runningCampaigns().contains(campaign.id)
        var json = CampaignJSON(campaign, dialling: running, stats: stats)
        json.queue = CampaignQueueJSON(overview)
        json.complianceRefusals = overview.refusalsByRule
        return APIResponse.json(json)
    }

    func campaign(_ reference: String) async throws -> Campaign {
        guard let id = Int64(reference) else { throw APIError.badRequest("campaign id must be a number", field: "id") }
        guard let campaign = try await database.campaigns.campaign(id: id) else {
            throw APIError.notFound("campaign \(id) not found")
        }
        return campaign
    }

    func updateCampaignStatus(_ reference: String, _ request: Request) async throws -> Response {
        let body = try await request.decodeJSON(CampaignStatusRequest.self, limit: environment.maximumBodyBytes)
        let allowed: [CampaignEvent] = [.start, .pause, .resume, .cancel]
        guard let event = CampaignEvent(rawValue: body.action.lowercased()), allowed.contains(event) else {
            throw APIError.badRequest("action must be one of \(allowed.map(\.rawValue).joined(separator: ", "))", field: "action")
        }
        var campaign = try await campaign(reference)
        let before = campaign.status
        let now = Date()
        do {
            try campaign.apply(event, at: now)
        } catch {
            throw APIError.conflict("campaign \(campaign.id) is \(before.rawValue): \(error)", field: "action")
        }
        do {
            try await database.campaigns.updateStatus(id: campaign.id, from: before, to: campaign.status, at: now)
        } catch StorageError.statusConflict(_, _, let actual) {
            throw APIError.conflict("campaign \(campaign.id) changed meanwhile (now \(actual ?? "gone"))", field: "action")
        }
        switch event {
        case .start, .resume:
            do {
                try await environment.control.launch(campaignID: campaign.id)
            } catch {
                logger.error("campaign could not be launched; status restored",
                             metadata: ["campaign_id": "\(campaign.id)", "error": "\(error)"])
                try? await database.campaigns.updateStatus(id: campaign.id, from: campaign.status, to: before, at: Date())
                throw APIError.unavailable("campaign \(campaign.id) could not be launched: \(error)")
            }
        case .pause, .cancel, .complete:
            await environment.control.stopDialling(campaignID: campaign.id)
        }
        logger.info("campaign status changed via API", metadata: ["campaign_id": "\(campaign.id)",
                                                                  "from": "\(before.rawValue)", "to": "\(campaign.status.rawValue)"])
        let stored = try await database.campaigns.campaign(id: campaign.id) ?? campaign
        let running = await environment.control.runningCampaigns().contains(campaign.id)
        return APIResponse.json(CampaignJSON(stored, dialling: running))
    }
}

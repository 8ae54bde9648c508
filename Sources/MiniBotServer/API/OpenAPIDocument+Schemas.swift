import Foundation

/// `components.schemas`: the JSON bodies of `APIModels+*.swift`, key for key.
extension OpenAPIDocument {
    static func schemas() -> Object {
        let dateTime = string(format: "date-time", nullable: true)
        let latency = object(["count": integer(), "p50": number(nullable: true), "p95": number(nullable: true),
                              "p99": number(nullable: true)], required: ["count"])
        var schemas: Object = [:]
        schemas["Error"] = object([
            "error": object(["code": string("Stable machine-readable code: bad_request, unauthorized, not_found, conflict, "
                                            + "payload_too_large, unsupported_media_type, unavailable, internal_error."),
                             "message": string("English explanation."),
                             "field": string("Query parameter or JSON path at fault.", nullable: true)],
                            required: ["code", "message"]),
        ], required: ["error"])
        schemas["Health"] = object(["status": string(values: ["ok", "degraded"]),
                          "checks": array(object(["name": string(), "ok": boolean, "detail": string()],
                                                 required: ["name", "ok", "detail"]))], required: ["status", "checks"])
        schemas["Turn"] = object(["index": integer(), "speaker": string(values: ["bot", "caller"]), "text": string(),
                        "intent": string(nullable: true), "confidence": number(nullable: true),
                        "sentiment": string(nullable: true), "start_ms": integer(), "end_ms": integer()],
                       required: ["index", "speaker", "text", "start_ms", "end_ms"])
        schemas["Call"] = object([
            "id": integer(), "call_uuid": string(), "campaign_id": integer(), "phone_number": string("E.164"),
            "first_name": string(), "status": string(values: ["PENDING", "IN_PROGRESS", "COMPLETED", "FAILED"]),
            "result": string(nullable: true), "duration_seconds": number(nullable: true), "started_at": dateTime,
            "answered_at": dateTime, "ended_at": dateTime, "amd_result": string(nullable: true),
            "sentiment": string(nullable: true), "score": number(nullable: true), "transcriptions": array(string()),
            "intents": array(string()), "notes": string(), "retry_count": integer(), "hangup_cause": integer(nullable: true),
            "recording_url": string(nullable: true), "transcript_url": string(),
            "recognizer": string("Engine that heard the caller: vosk, whisper, or simulated (scripted text, not recognised audio); null when unknown.", nullable: true),
            "turns": ["type": "array", "items": ref("Turn"), "description": "Only in `GET /calls/{id}`."] as Object,
        ], required: ["id", "call_uuid", "campaign_id", "phone_number", "status"])
        schemas["CallPage"] = object(["items": array(ref("Call")), "total": integer(), "page": integer(), "page_size": integer()],
                           required: ["items", "total", "page", "page_size"])
        schemas["Transcript"] = object(["call_id": integer(), "call_uuid": string(), "result": string(nullable: true),
                              "turns": array(ref("Turn"))], description: "Built from stored turns; a call's JSON file has more keys.")
        schemas["LaunchCallRequest"] = object(["phone_number": string("Any French format or E.164."),
                                     "scenario": string("Scenario name from the scenarios folder."),
                                     "variables": ["type": "object", "additionalProperties": ["type": "string"]] as Object],
                                    required: ["phone_number", "scenario"])
        schemas["LaunchCallResponse"] = object(["call_uuid": string(), "phone_number": string(), "scenario": string(),
                                      "status": string(values: ["launched"])], required: ["call_uuid"])
        schemas["CampaignSettingsInput"] = object([
            "max_concurrent_calls": integer(), "calls_per_minute": number(), "delay_between_calls": number(),
            "priority": integer(), "test_mode": boolean, "max_retries": integer(),
            "sector": string(values: ["general", "energy_renovation"]), "select": array(string()), "limit": integer(),
        ])
        schemas["CreateCampaignRequest"] = object([
            "name": string(), "scenario": string(), "phone_numbers": array(string()),
            "contact_ids": array(integer()),
            "contacts_csv": string("A contacts CSV inline (same columns as an upload)."),
            "settings": ref("CampaignSettingsInput"),
        ], required: ["name", "scenario"])
        schemas["InvalidRow"] = object(["line": integer("1-based line (CSV) or position (phone_numbers)."), "value": string(),
                              "reason": string()], required: ["line", "value", "reason"])
        schemas["ImportResult"] = object(["imported": integer(), "duplicates": integer(), "inserted": integer(), "updated": integer(),
                                "invalid": array(ref("InvalidRow"))], required: ["imported", "duplicates", "invalid"])
        schemas["CreateCampaignResponse"] = object(["campaign": ref("Campaign"), "contacts": ref("ImportResult"), "queued": integer()],
                                         required: ["campaign", "contacts", "queued"])
        schemas["CampaignStats"] = object([
            "total_contacts": integer(), "completed": integer(), "in_progress": integer(), "pending": integer(),
            "results": counts("Calls per result."), "sentiments": counts("Calls per sentiment."),
            "conversion_rate": number("Leads over completed calls, percent."), "average_duration_seconds": number(),
            "calls_per_minute": number(), "running_seconds": number(),
        ])
        schemas["Campaign"] = object([
            "id": integer(), "name": string(), "scenario": string(),
            "status": string(values: ["pending", "running", "paused", "completed", "cancelled"]),
            "created_at": dateTime, "started_at": dateTime, "ended_at": dateTime,
            "settings": object(["max_concurrent_calls": integer(), "calls_per_minute": number(nullable: true),
                                "delay_between_calls": number(), "priority": integer(), "test_mode": boolean,
                                "max_retries": integer(), "sector": string()]),
            "dialling": ["type": "boolean", "nullable": true, "description": "Being dialled by this process."] as Object,
            "stats": ["allOf": [ref("CampaignStats")], "nullable": true] as Object,
            "queue": ["type": "object", "nullable": true, "description": "Only in `GET /campaigns/{id}`: entries waiting for a retry.",
                      "properties": ["queued_retries": integer("Queued entries already tried once."),
                                     "waiting": integer("Queued entries not due yet."),
                                     "next_due_at": dateTime] as Object] as Object,
            "compliance_refusals": ["type": "object", "nullable": true, "additionalProperties": ["type": "integer"],
                                    "description": "Only in `GET /campaigns/{id}`: contacts refused per compliance rule."] as Object,
        ], required: ["id", "name", "scenario", "status", "settings"])
        schemas["ComplianceLog"] = object([
            "items": array(object(["at": dateTime, "phone": string(), "allowed": boolean, "rule": string(nullable: true),
                                   "reason": string(nullable: true), "next_allowed": dateTime])),
            "limit": integer(), "offset": integer(),
        ], required: ["items", "limit", "offset"])
        schemas["CampaignList"] = object(["items": array(ref("Campaign")), "total": integer()], required: ["items", "total"])
        schemas["CampaignStatusRequest"] = object(["action": string(values: ["start", "pause", "resume", "cancel"])],
                                        required: ["action"])
        schemas["Summary"] = object([
            "total_calls": integer(), "by_status": counts("Calls per status."), "by_result": counts("Calls per result."),
            "by_sentiment": counts("Calls per sentiment."),
            "today": object(["calls": integer(), "leads": integer()], description: "Since midnight, Paris time."),
            "conversion_rate": number("Leads over finished calls, percent."), "average_duration_seconds": number(),
            "calls_per_hour": array(object(["hour": string(format: "date-time"), "calls": integer()])),
            "campaigns": counts("Campaigns per status."),
        ], required: ["total_calls", "by_status", "by_result", "today", "calls_per_hour"])
        schemas["Performance"] = object([
            "active_calls": integer(), "recognition_ms": latency, "nlu_ms": latency, "reaction_ms": latency,
            "frames_sent": integer(), "frames_late": integer(),
            "inbound_refused": integer(), "inbound_capacity": integer(),
        ])
        schemas["ProgressEvent"] = object([
            "campaigns": array(ref("Campaign")), "summary": ref("Summary"), "performance": ref("Performance"),
        ], required: ["campaigns", "summary"])
        schemas["WorkerList"] = object(["items": array(object([
            "id": string("Unique per process start (WORKER_ID)."), "host": string(), "pid": integer(),
            "role": string(values: ["serve", "cli"]), "started_at": string(format: "date-time"),
            "heartbeat_at": string(format: "date-time"), "live_calls": integer(),
            "stopped_at": string(format: "date-time", nullable: true), "alive": boolean,
        ], required: ["id", "host", "pid", "role", "started_at", "heartbeat_at", "live_calls", "alive"]))], required: ["items"])
        schemas["ScenarioList"] = object(["items": array(object([
            "name": string("Name to use in campaigns."), "file": string(), "title": string(nullable: true),
            "description": string(nullable: true), "steps": integer(), "valid": boolean, "error": string(nullable: true),
        ], required: ["name", "file", "steps", "valid"]))], required: ["items"])
        schemas["ScenarioValidation"] = object([
            "valid": boolean, "name": string(nullable: true), "steps": integer(nullable: true),
            "issues": array(object(["severity": string(values: ["error", "warning"]), "kind": string(nullable: true),
                                    "path": string("JSON path, e.g. steps.hello.intent_mapping.deny."),
                                    "message": string()], required: ["severity", "path", "message"])),
        ], required: ["valid", "issues"])
        return schemas
    }
}

import Foundation

/// One `paths` entry per ``APIRoute`` (checked by `OpenAPITests`).
extension OpenAPIDocument {
    static func paths() -> Object {
        let callID = pathParameter("id", "Numeric call id or call UUID.")
        let campaignID = pathParameter("id", "Numeric campaign id.")
        let notFound = error("No such call or campaign.")
        let badRequest = error("Invalid input; `field` names the parameter or JSON path.")
        let file: (String, String) -> Object = { type, description in
            ["description": description, "content": [type: ["schema": ["type": "string", "format": "binary"]]]]
        }
        let pagination: [Object] = [
            query("page", "1-based page (with page_size).", ["type": "integer", "minimum": 1]),
            query("page_size", "Items per page, at most 200 (default 50).", ["type": "integer", "minimum": 1, "maximum": 200]),
            query("limit", "Items to return, at most 200 (instead of page/page_size).", ["type": "integer", "minimum": 1, "maximum": 200]),
            query("offset", "Items to skip (with limit).", ["type": "integer", "minimum": 0]),
            query("campaign_id", "Only this campaign's calls.", ["type": "integer"]),
            query("status", "Call status.", string(values: ["PENDING", "IN_PROGRESS", "COMPLETED", "FAILED"])),
            query("result", "Call result.", string(values: callResults)),
            query("from", "Started at or after (ISO-8601 instant or day).", string(format: "date-time")),
            query("to", "Started before (ISO-8601 instant or day).", string(format: "date-time")),
            query("phone", "Only calls to this number (any French format).", string()),
            query("order", "asc (oldest first, default) or desc (newest first).", string(values: ["asc", "desc"])),
        ]
        let createBody: Object = [
            "required": true,
            "content": [
                "application/json": ["schema": ref("CreateCampaignRequest")],
                "text/csv": ["schema": ["type": "string", "description": "Contacts CSV; name and scenario as query parameters."]],
                "multipart/form-data": ["schema": object([
                    "name": string(), "scenario": string(),
                    "file": ["type": "string", "format": "binary", "description": "Contacts CSV"],
                    "max_concurrent_calls": integer(), "calls_per_minute": number(), "delay_between_calls": number(),
                    "priority": integer(), "test_mode": boolean, "max_retries": integer(),
                    "sector": string(values: ["general", "energy_renovation"]),
                ], required: ["name", "scenario", "file"])] as Object,
            ] as Object,
        ]
        let createResponses: Object = [
            "201": response("Created; invalid contact rows are listed with their line, the others imported.",
                            ref("CreateCampaignResponse")),
            "400": badRequest, "413": error("Body larger than the configured limit."),
            "415": error("Unsupported content type."),
        ]
        let transcriptJSON = response("Transcript (the call's JSON file, else built from the stored turns).", ref("Transcript"))
        let transcriptText = response("Readable transcript.", string(), type: "text/plain")
        let uuid = pathParameter("call_uuid", "Call UUID (or numeric id).")
        var paths: Object = [:]
        paths["/health"] = ["get": operation("health", "system", "Database and PBX reachability", public: true, responses: [
            "200": response("Everything answers.", ref("Health")), "503": response("Something is down.", ref("Health")),
        ])]
        paths["/"] = ["get": operation("dashboard", "system", "The web dashboard", public: true,
                               responses: ["200": response("Dashboard page.", string(), type: "text/html")])]
        paths["/dashboard/{path}"] = ["get": operation("dashboardFile", "system", "A static file of the dashboard", public: true,
                                               parameters: [pathParameter("path", "File path inside the dashboard.")],
                                               responses: ["200": file("application/octet-stream", "The file."),
                                                           "404": error("No such file.")])]
        paths["/docs"] = ["get": operation("docs", "system", "This documentation as HTML", public: true,
                                   responses: ["200": response("HTML page.", string(), type: "text/html")])]
        paths["/openapi.json"] = ["get": operation("openapi", "system", "This OpenAPI document", public: true,
                                           responses: ["200": response("OpenAPI 3.0 document.", ["type": "object"])])]
        paths["/metrics"] = ["get": operation("metrics", "system", "Prometheus metrics", responses: [
            "200": response("Prometheus text exposition 0.0.4.", string(), type: "text/plain"),
        ])]
        paths["/calls/launch"] = ["post": operation("launchCall", "calls", "Place one immediate call",
                                            body: ["required": true, "content": jsonContent(ref("LaunchCallRequest"))],
                                            responses: ["202": response("Launched.", ref("LaunchCallResponse")),
                                                        "400": badRequest, "503": error("The line refused the call.")])]
        paths["/calls"] = ["get": operation("listCalls", "calls", "Calls, oldest first, paginated and filtered",
                                    parameters: pagination,
                                    responses: ["200": response("A page of calls.", ref("CallPage")), "400": badRequest])]
        paths["/calls/{id}"] = ["get": operation("getCall", "calls", "One call with its transcript turns", parameters: [callID],
                                         responses: ["200": response("The call.", ref("Call")), "404": notFound])]
        paths["/calls/{id}/transcript.json"] = ["get": operation("callTranscriptJSON", "calls", "Transcript as JSON",
                                                         parameters: [callID], responses: ["200": transcriptJSON, "404": notFound])]
        paths["/calls/{id}/transcript.txt"] = ["get": operation("callTranscriptText", "calls", "Transcript as text",
                                                        parameters: [callID], responses: ["200": transcriptText, "404": notFound])]
        paths["/calls/{id}/recording.wav"] = ["get": operation("callRecording", "calls", "Stereo recording (caller left, bot right)",
                                                       parameters: [callID],
                                                       responses: ["200": file("audio/wav", "WAV file."), "404": notFound])]
        paths["/calls/transcripts/{call_uuid}.json"] = ["get": operation("seedTranscriptJSON", "calls", "Transcript as JSON (seed path)",
                                                                 parameters: [uuid], responses: ["200": transcriptJSON, "404": notFound])]
        paths["/calls/transcripts/{call_uuid}.txt"] = ["get": operation("seedTranscriptText", "calls", "Transcript as text (seed path)",
                                                                parameters: [uuid], responses: ["200": transcriptText, "404": notFound])]
        paths["/calls/recordings/{filename}"] = ["get": operation("seedRecording", "calls", "A file of the recordings folder by name",
                                                          parameters: [pathParameter("filename", "File name, e.g. `<call_uuid>.wav`.")],
                                                          responses: ["200": file("audio/wav", "The file."),
                                                                      "404": error("No such file in the recordings folder.")])]
        paths["/calls/assembled/{filename}"] = ["get": operation(
            "seedAssembledRecording", "calls", "Seed 002's assembled audio: the call's stereo recording (caller left, bot right)",
            parameters: [pathParameter("filename", "`full_call_assembled_<call id or uuid>.wav`, or any file of the recordings folder.")],
            responses: ["200": file("audio/wav", "The recording."), "404": error("No such call recording.")])]
        paths["/campaigns"] = [
            "post": operation("createCampaign", "campaigns", "Create a campaign with its contacts", body: createBody,
                              responses: createResponses),
            "get": operation("listCampaigns", "campaigns", "All campaigns",
                             responses: ["200": response("Campaigns.", ref("CampaignList"))]),
        ]
        paths["/campaigns/create"] = ["post": operation("createCampaignSeed", "campaigns", "Create a campaign (seed path)",
                                                body: createBody, responses: createResponses)]
        paths["/campaigns/{id}"] = ["get": operation("getCampaign", "campaigns", "One campaign with its statistics",
                                             parameters: [campaignID],
                                             responses: ["200": response("The campaign.", ref("Campaign")),
                                                         "400": badRequest, "404": notFound])]
        paths["/campaigns/{id}/status"] = ["patch": operation(
            "updateCampaignStatus", "campaigns", "Start, pause, resume or cancel", parameters: [campaignID],
            body: ["required": true, "content": jsonContent(ref("CampaignStatusRequest"))],
            responses: ["200": response("New state.", ref("Campaign")), "400": badRequest, "404": notFound,
                        "409": error("Not allowed from the current status."),
                        "503": error("Dialling could not start; status restored.")])]
        paths["/campaigns/{id}/compliance"] = ["get": operation(
            "campaignCompliance", "campaigns", "The campaign's compliance journal (every check, oldest first)",
            parameters: [campaignID, query("limit", "Lines to return, at most 1000 (default 100).", ["type": "integer", "minimum": 1, "maximum": 1_000]),
                         query("offset", "Lines to skip.", ["type": "integer", "minimum": 0])],
            responses: ["200": response("Journal lines.", ref("ComplianceLog")), "400": badRequest, "404": notFound])]
        paths["/campaigns/{id}/calls.csv"] = ["get": operation(
            "campaignCallsCSV", "campaigns", "The campaign's calls as CSV (the columns of `minibot campaign export`, then `recognizer`)",
            parameters: [campaignID], responses: ["200": file("text/csv", "UTF-8 CSV with a byte-order mark."), "404": notFound])]
        paths["/campaigns/{id}/graph.mmd"] = ["get": operation(
            "campaignGraph", "campaigns", "The campaign's scenario graph as Mermaid text (`minibot scenario graph`)",
            parameters: [campaignID], responses: ["200": file("text/plain", "Mermaid flowchart."), "404": notFound])]
        paths["/stats/summary"] = ["get": operation("statsSummary", "stats", "Totals over every campaign",
                                            responses: ["200": response("Summary.", ref("Summary"))])]
        paths["/stats/performance"] = ["get": operation("statsPerformance", "stats", "Live latencies and pacing",
                                                responses: ["200": response("Snapshot.", ref("Performance"))])]
        paths["/scenarios"] = ["get": operation("listScenarios", "scenarios", "Scenario files",
                                        responses: ["200": response("Scenarios.", ref("ScenarioList"))])]
        paths["/scenarios/validate"] = ["post": operation(
            "validateScenario", "scenarios", "Validate a scenario document (JSON or YAML)",
            body: ["required": true, "content": [
                "application/json": ["schema": ["type": "object"]],
                "application/yaml": ["schema": ["type": "string"]],
            ] as Object],
            responses: ["200": response("Validation report (`valid: false` with issues when invalid).", ref("ScenarioValidation")),
                        "400": badRequest])]
        paths["/events"] = ["get": operation(
            "events", "stats", "Live progress as server-sent events (`event: progress`, one per second)",
            parameters: [query("token", "The bearer token, for EventSource clients that cannot send headers.", string())],
            responses: ["200": response("`text/event-stream`; each `data:` is a ProgressEvent JSON object.", ref("ProgressEvent"),
                                        type: "text/event-stream")])]
        paths["/workers"] = ["get": operation(
            "listWorkers", "system", "Dialling workers sharing this database (seen in the last hour)",
            responses: ["200": response("Workers, newest start first.", ref("WorkerList"))])]
        return paths
    }

    static let callResults = ["lead", "not_interested", "callback", "no_answer", "answering_machine", "busy", "failed",
                              "opt_out", "invalid_number", "transferred"]
}

import Foundation
import Hummingbird
import MiniBotDialogue

struct ScenarioSummaryJSON: Encodable {
    var name: String
    var file: String
    var title: String?
    var description: String?
    var steps: Int
    var valid: Bool
    var error: String?
}

struct ScenarioListJSON: Encodable {
    var items: [ScenarioSummaryJSON]
}

struct ScenarioIssueJSON: Encodable {
    var severity: String
    var kind: String?
    var path: String
    var message: String
}

struct ScenarioValidationJSON: Encodable {
    var valid: Bool
    var name: String?
    var steps: Int?
    var issues: [ScenarioIssueJSON]
}

/// `GET /scenarios` and `POST /scenarios/validate` over `MiniBotDialogue`'s loader and validator.
extension APIHandlers {
    func listScenarios() -> Response {
        let library = ScenarioLibrary(folder: environment.scenariosDirectory, allowsPaths: false)
        let items = library.files().map { file -> ScenarioSummaryJSON in
            do {
                let scenario = try Scenario.load(path: file.path)
                let report = ScenarioValidator().validate(scenario)
                return ScenarioSummaryJSON(name: file.name, file: file.file, title: scenario.metadata.name,
                                           description: scenario.metadata.description, steps: scenario.steps.count,
                                           valid: report.isValid, error: report.errors.first.map { "\($0.path): \($0.message)" })
            } catch {
                return ScenarioSummaryJSON(name: file.name, file: file.file, steps: 0, valid: false,
                                           error: (error as? ScenarioDecodingError).map { "\($0.path): \($0.message)" } ?? "\(error)")
            }
        }
        return APIResponse.json(ScenarioListJSON(items: items))
    }

    /// Body: a scenario document (JSON or YAML). Invalid scenarios are a 200 with `valid: false`.
    func validateScenario(_ request: Request) async throws -> Response {
        let data = try await request.collectBody(limit: environment.maximumBodyBytes)
        guard let text = String(data: data, encoding: .utf8), !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw APIError.badRequest("the body must be a UTF-8 JSON or YAML scenario")
        }
        let scenario: Scenario
        do {
            scenario = try Scenario.decode(text)
        } catch {
            let issue = ScenarioIssueJSON(severity: "error", kind: "decoding", path: error.path, message: error.message)
            return APIResponse.json(ScenarioValidationJSON(valid: false, issues: [issue]))
        }
        let report = ScenarioValidator().validate(scenario)
        let issues = report.issues.map {
            ScenarioIssueJSON(severity: $0.severity.rawValue, kind: $0.kind.rawValue, path: $0.path, message: $0.message)
        }
        return APIResponse.json(ScenarioValidationJSON(valid: report.isValid, name: scenario.metadata.name,
                                                       steps: scenario.steps.count, issues: issues))
    }
}

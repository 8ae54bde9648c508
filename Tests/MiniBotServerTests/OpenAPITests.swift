import Foundation
import Hummingbird
import HummingbirdTesting
import MiniBotServer
import Testing

@Suite("OpenAPI document", .timeLimit(.minutes(2)))
struct OpenAPITests {
    @Test("every registered route is in /openapi.json with its method, and /docs shows it")
    func everyRouteDocumented() async throws {
        try await APITestHarness.run { _, client in
            let response = try await client.get("/openapi.json", auth: false)
            #expect(response.status == .ok)
            let document = response.json
            #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
            let paths = document["paths"] as? [String: Any] ?? [:]
            #expect(APIRoute.all.count >= 24)
            for route in APIRoute.all {
                let operations = paths[route.documentedPath] as? [String: Any]
                #expect(operations?[route.method.rawValue.lowercased()] != nil,
                        "\(route.method) \(route.documentedPath) is missing from the OpenAPI document")
            }
            let documented = paths.flatMap { path, value in ((value as? [String: Any]) ?? [:]).keys.map { "\($0.uppercased()) \(path)" } }
            let registered = APIRoute.all.map { "\($0.method.rawValue) \($0.documentedPath)" }
            #expect(Set(documented) == Set(registered), "the document describes routes that do not exist")

            let docs = try await client.get("/docs", auth: false)
            #expect(docs.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(docs.text.contains("/campaigns/{id}/status"))
            #expect(!docs.text.contains("http://") && !docs.text.contains("https://"), "the docs page must not load a CDN")
        }
    }

    @Test("openapi-spec-validator accepts the document (skipped when the module is missing)")
    func validatesWithPython() async throws {
        guard Self.pythonHasValidator() else {
            print("⚠️ openapi-spec-validator check skipped: `pip install openapi-spec-validator` to run it")
            return
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("minibot-openapi-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try await APITestHarness.run { _, client in
            let response = try await client.get("/openapi.json", auth: false)
            try Data(response.body.readableBytesView).write(to: file)
        }
        let (status, output) = try Self.run(["python3", "-m", "openapi_spec_validator", file.path])
        #expect(status == 0, "openapi-spec-validator: \(output)")
    }

    static func pythonHasValidator() -> Bool {
        (try? run(["python3", "-c", "import openapi_spec_validator"]).status) == 0
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

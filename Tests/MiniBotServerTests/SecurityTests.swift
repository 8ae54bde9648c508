import Foundation
import Hummingbird
import HummingbirdTesting
import MiniBotServer
import Testing

@Suite("API security: bearer auth, error shape, body limit", .timeLimit(.minutes(2)))
struct SecurityTests {
    @Test("protected routes need the bearer token; public ones do not")
    func bearerAuthentication() async throws {
        try await APITestHarness.run { _, client in
            let missing = try await client.get("/calls", auth: false)
            #expect(missing.status == .unauthorized)
            #expect(missing.errorCode == "unauthorized")
            #expect(missing.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)

            let wrong = try await client.execute(uri: "/calls", method: .get, headers: [.authorization: "Bearer s3cret-tokem"])
            #expect(wrong.status == .unauthorized)
            let prefix = try await client.execute(uri: "/calls", method: .get, headers: [.authorization: "Bearer s3cret"])
            #expect(prefix.status == .unauthorized)
            let basic = try await client.execute(uri: "/calls", method: .get, headers: [.authorization: "Basic s3cret-token"])
            #expect(basic.status == .unauthorized)
            let queryToken = try await client.get("/calls?token=\(APITestHarness.token)", auth: false)
            #expect(queryToken.status == .unauthorized)
            // `?token=` is only for the `GET /events` stream (EventSource cannot send headers): it passes auth there.
            #expect(try await client.get("/events?token=wrong", auth: false).status == .unauthorized)
            #expect(try await client.get("/events", auth: false).status == .unauthorized)

            #expect(try await client.get("/calls").status == .ok)
            for path in ["/health", "/docs", "/openapi.json", "/"] {
                #expect(try await client.get(path, auth: false).status == .ok, "\(path) should be public")
            }
            #expect(try await client.get("/metrics", auth: false).status == .unauthorized)
            #expect(try await client.get("/stats/summary", auth: false).status == .unauthorized)
        }
    }

    @Test("unknown routes answer 404 in the JSON error shape")
    func unknownRoute() async throws {
        try await APITestHarness.run { _, client in
            let response = try await client.get("/nope/nothing")
            #expect(response.status == .notFound)
            #expect(response.errorCode == "not_found")
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let missingCall = try await client.get("/calls/999")
            #expect(missingCall.status == .notFound)
            #expect(missingCall.errorCode == "not_found")
        }
    }

    @Test("a body over maximumBodyBytes is refused with 413")
    func payloadTooLarge() async throws {
        try await APITestHarness.run(maximumBodyBytes: 1_024) { _, client in
            let csv = "phone\n" + (0..<200).map { String(format: "06%08d", 20_000_000 + $0) }.joined(separator: "\n")
            var headers = APITestHarness.auth
            headers[.contentType] = "text/csv"
            let response = try await client.execute(uri: "/campaigns?name=Big&scenario=finance_agent", method: .post,
                                                    headers: headers, body: ByteBuffer(string: csv))
            #expect(response.status == .contentTooLarge)
            #expect(response.errorCode == "payload_too_large")
        }
    }

    @Test("malformed JSON bodies are 400 naming the JSON path")
    func decodingErrorsNameTheField() async throws {
        try await APITestHarness.run { _, client in
            let wrongType = try await client.send(.post, "/campaigns", json: #"{"name":"A","scenario":"finance_agent","settings":{"max_concurrent_calls":"four"}}"#)
            #expect(wrongType.status == .badRequest)
            #expect(wrongType.errorField == "settings.max_concurrent_calls")
            let missing = try await client.send(.post, "/calls/launch", json: #"{"scenario":"finance_agent"}"#)
            #expect(missing.status == .badRequest)
            #expect(missing.errorField == "phone_number")
            let notJSON = try await client.send(.post, "/calls/launch", json: "{nope")
            #expect(notJSON.status == .badRequest)
            #expect(notJSON.errorCode == "bad_request")
        }
    }
}

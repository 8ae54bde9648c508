import Foundation
import Hummingbird

/// JSON in and out with one configuration (ISO-8601 dates, sorted keys), so every route
/// renders dates and keys the same way; keys are snake_case through explicit `CodingKeys`.
enum APIResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let data: Data
        do {
            data = try encoder.encode(value)
        } catch {
            data = Data(#"{"error":{"code":"internal_error","message":"response could not be encoded"}}"#.utf8)
            return bytes(data, contentType: "application/json; charset=utf-8", status: .internalServerError)
        }
        return bytes(data, contentType: "application/json; charset=utf-8", status: status)
    }

    static func bytes(_ data: Data, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.contentLength] = String(data.count)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func text(_ text: String, contentType: String = "text/plain; charset=utf-8",
                     status: HTTPResponse.Status = .ok) -> Response {
        bytes(Data(text.utf8), contentType: contentType, status: status)
    }
}

extension Request {
    /// The whole body, refusing more than `limit` bytes with a 413 in the API's error shape.
    func collectBody(limit: Int) async throws -> Data {
        if let length = headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError.payloadTooLarge(limit: limit)
        }
        do {
            let buffer = try await body.collect(upTo: limit)
            return Data(buffer.readableBytesView)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError.payloadTooLarge(limit: limit)
        }
    }

    /// Decodes a JSON body; decoding errors become a 400 naming the JSON path.
    func decodeJSON<T: Decodable>(_ type: T.Type, limit: Int) async throws -> T {
        let data = try await collectBody(limit: limit)
        guard !data.isEmpty else { throw APIError.badRequest("a JSON body is required") }
        do {
            return try APIResponse.decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            throw APIError.decoding(error)
        }
    }

    /// The media type of the body without parameters, lower-cased (`multipart/form-data`).
    var mediaType: String {
        let raw = headers[.contentType] ?? ""
        return raw.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
    }

    /// A query parameter, percent-decoded, nil when absent or empty. A literal `+` stays a `+`
    /// (operators type `from=2026-12-01T09:00:00+01:00` by hand).
    func query(_ name: String) -> String? {
        guard let value = uri.queryParameters.get(name), !value.isEmpty else { return nil }
        return value
    }
}

extension String {
    /// Percent-decodes a path segment; nil when the escapes are malformed.
    var percentDecodedPathSegment: String? { removingPercentEncoding }
}

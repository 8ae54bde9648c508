import Foundation
import Hummingbird

/// The one error shape every route answers with, so clients (and the dashboard) handle failures
/// in one place: `{"error": {"code": "bad_request", "message": "…", "field": "page_size"}}`.
///
/// `code` is stable and machine-readable; `message` is English for humans; `field` names the
/// query parameter or JSON path at fault when there is one.
///
/// ```swift
/// throw APIError.badRequest("page_size must be between 1 and 200", field: "page_size")
/// ```
public struct APIError: Error, HTTPResponseError, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var field: String?
    /// Extra response headers (`WWW-Authenticate` on 401).
    public var headers: HTTPFields

    public init(status: HTTPResponse.Status, code: String, message: String, field: String? = nil,
                headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers
    }

    public static func badRequest(_ message: String, field: String? = nil) -> APIError {
        APIError(status: .badRequest, code: "bad_request", message: message, field: field)
    }

    public static func notFound(_ message: String) -> APIError {
        APIError(status: .notFound, code: "not_found", message: message)
    }

    public static func conflict(_ message: String, field: String? = nil) -> APIError {
        APIError(status: .conflict, code: "conflict", message: message, field: field)
    }

    public static let unauthorized = APIError(status: .unauthorized, code: "unauthorized",
                                              message: "missing or invalid bearer token",
                                              headers: [.wwwAuthenticate: "Bearer realm=\"minibot\""])

    public static func payloadTooLarge(limit: Int) -> APIError {
        APIError(status: .contentTooLarge, code: "payload_too_large",
                 message: "request body larger than \(limit) bytes")
    }

    public static func unsupportedMediaType(_ message: String) -> APIError {
        APIError(status: .unsupportedMediaType, code: "unsupported_media_type", message: message)
    }

    public static func unavailable(_ message: String) -> APIError {
        APIError(status: .serviceUnavailable, code: "unavailable", message: message)
    }

    public static func `internal`(_ message: String) -> APIError {
        APIError(status: .internalServerError, code: "internal_error", message: message)
    }

    struct Body: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
            var field: String?
        }
        var error: Detail
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = APIResponse.json(Body(error: .init(code: code, message: message, field: field)), status: status)
        response.headers.append(contentsOf: headers)
        return response
    }
}

extension APIError {
    /// Maps any error a handler let through to the stable shape; unknown errors become a 500
    /// whose message does not leak internals (the detail goes to the log).
    static func from(_ error: any Error) -> APIError {
        if let api = error as? APIError { return api }
        if let decoding = error as? DecodingError { return .decoding(decoding) }
        if let http = error as? any HTTPResponseError {
            switch http.status {
            case .notFound: return .notFound("no such route")
            case .contentTooLarge: return APIError(status: .contentTooLarge, code: "payload_too_large",
                                                   message: "request body too large")
            case .unauthorized: return .unauthorized
            case .methodNotAllowed: return APIError(status: .methodNotAllowed, code: "method_not_allowed",
                                                    message: "method not allowed on this route")
            default:
                let status = http.status
                return APIError(status: status, code: status.code < 500 ? "bad_request" : "internal_error",
                                message: status.reasonPhrase)
            }
        }
        return .internal("internal error")
    }

    /// A JSON body that does not decode: names the JSON path (`settings.max_concurrent_calls`).
    static func decoding(_ error: DecodingError) -> APIError {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return .badRequest("\(field) is required", field: field)
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            return .badRequest("\(field.isEmpty ? "body" : field): expected \(Self.typeName(type))", field: field.isEmpty ? nil : field)
        case .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            return .badRequest("\(field): expected \(Self.typeName(type)), found null", field: field)
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            let reason = context.codingPath.isEmpty ? "the body is not valid JSON" : context.debugDescription
            return .badRequest(field.isEmpty ? reason : "\(field): \(reason)", field: field.isEmpty ? nil : field)
        @unknown default:
            return .badRequest("the body does not decode")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "a boolean"
        default:
            let name = "\(type)"
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "an object"
        }
    }
}

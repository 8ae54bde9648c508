import Foundation
import Hummingbird
import Logging

/// Turns every error (a handler's, Hummingbird's 404 for unknown routes, a body too large)
/// into the ``APIError`` JSON shape, and logs server-side failures with the request path only
/// (never headers: they carry the bearer token).
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = APIError.from(error)
            if apiError.status.code >= 500 {
                logger.error("request failed", metadata: ["method": "\(request.method)", "path": "\(request.uri.path)",
                                                          "error": "\(error)"])
            }
            return try apiError.response(from: request, context: context)
        }
    }
}

/// Bearer authentication (SPEC G1) for everything but the public paths: `/health`, the
/// dashboard (`/`, `/dashboard/…`, which asks for the token itself) and the API documentation.
///
/// Tokens are compared in constant time; a `?token=` query is accepted only for `GET /events`
/// (browsers cannot set headers on an `EventSource`).
struct BearerAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let tokens: [[UInt8]]

    init(tokens: Set<String>) {
        self.tokens = tokens.filter { !$0.isEmpty }.map { Array($0.utf8) }
    }

    static func isPublic(_ path: String) -> Bool {
        path == "/" || path == "/health" || path == "/docs" || path == "/openapi.json" || path == "/index.html"
            || path == "/dashboard" || path.hasPrefix("/dashboard/")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if Self.isPublic(request.uri.path) { return try await next(request, context) }
        var presented: String?
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                presented = parts[1].trimmingCharacters(in: .whitespaces)
            }
        } else if request.method == .get, request.uri.path == "/events" {
            presented = request.uri.queryParameters.get("token")
        }
        guard let presented, accepts(presented) else { throw APIError.unauthorized }
        return try await next(request, context)
    }

    /// True when `candidate` equals one of the tokens; every token is compared in full, so the
    /// time taken does not reveal how many leading bytes matched.
    func accepts(_ candidate: String) -> Bool {
        let bytes = Array(candidate.utf8)
        var matched = false
        for token in tokens {
            matched = Self.constantTimeEquals(bytes, token) || matched
        }
        return matched
    }

    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        let length = max(a.count, b.count)
        for index in 0..<length {
            let x = index < a.count ? a[index] : 0
            let y = index < b.count ? b[index] : 0
            difference |= x ^ y
        }
        return difference == 0 && a.count == b.count
    }
}

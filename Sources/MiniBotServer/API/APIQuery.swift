import Foundation
import Hummingbird

/// Typed reads of query parameters; a bad value is a 400 naming the parameter.
///
/// ```swift
/// let pageSize = try request.queryInt("page_size", in: 1...200) ?? 50
/// ```
extension Request {
    func queryInt(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = query(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            let upper = range.upperBound == Int.max ? "" : " and \(range.upperBound)"
            let bound = upper.isEmpty ? "at least \(range.lowerBound)" : "between \(range.lowerBound)\(upper)"
            throw APIError.badRequest("\(name) must be a whole number \(bound)", field: name)
        }
        return value
    }

    func queryEnum<E: RawRepresentable & CaseIterable>(_ name: String, as _: E.Type) throws -> E? where E.RawValue == String {
        guard let text = query(name) else { return nil }
        if let value = E(rawValue: text) ?? E(rawValue: text.uppercased()) ?? E(rawValue: text.lowercased()) { return value }
        throw APIError.badRequest("\(name) must be one of \(E.allCases.map(\.rawValue).joined(separator: ", "))", field: name)
    }

    /// An ISO-8601 instant (`2026-12-01T09:00:00Z`, `…+01:00`) or a day (`2026-12-01`, midnight UTC).
    func queryDate(_ name: String) throws -> Date? {
        guard let text = query(name) else { return nil }
        guard let date = APIDates.parse(text) else {
            throw APIError.badRequest("\(name) must be an ISO-8601 date (2026-12-01 or 2026-12-01T09:00:00Z)", field: name)
        }
        return date
    }
}

enum APIDates {
    static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return text.count == 10 ? day.date(from: text) : nil
    }

    /// Midnight today in Paris, the call centres' day (`today` of `/stats/summary`).
    static func startOfDay(_ now: Date, timeZone: TimeZone = TimeZone(identifier: "Europe/Paris") ?? .gmt) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.startOfDay(for: now)
    }
}

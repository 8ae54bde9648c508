import Foundation

/// Fixed-format local time stamps, built from calendar components so the output never
/// depends on the machine's locale (DateFormatter would).
///
/// ```swift
/// LocalTimeFormat.iso8601(date, in: paris)    // "2026-11-23T10:00:00+01:00"
/// LocalTimeFormat.dateTime(date, in: paris)   // "2026-11-23 10:00:00"
/// ```
public enum LocalTimeFormat {
    static func parts(_ date: Date, _ zone: TimeZone) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    }

    static func two(_ value: Int?) -> String {
        let v = value ?? 0
        return v < 10 ? "0\(v)" : "\(v)"
    }

    /// ISO 8601 with the zone's offset at that instant.
    public static func iso8601(_ date: Date, in zone: TimeZone) -> String {
        let c = parts(date, zone)
        let offset = zone.secondsFromGMT(for: date)
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second))"
            + "\(sign)\(two(minutes / 60)):\(two(minutes % 60))"
    }

    /// "yyyy-MM-dd HH:mm:ss" local time (seed 000's export and monitor format).
    public static func dateTime(_ date: Date, in zone: TimeZone) -> String {
        let c = parts(date, zone)
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second))"
    }

    /// "HH:mm:ss" local time.
    public static func time(_ date: Date, in zone: TimeZone) -> String {
        let c = parts(date, zone)
        return "\(two(c.hour)):\(two(c.minute)):\(two(c.second))"
    }
}

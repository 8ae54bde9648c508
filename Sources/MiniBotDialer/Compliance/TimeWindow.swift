/// A daily calling window in local time, start inclusive, end exclusive, in minutes
/// since midnight. Encoded as `{"start":"10:00","end":"13:00"}` so policies are readable.
///
/// ```swift
/// let morning = try TimeWindow("10:00", "13:00")
/// morning.contains(minuteOfDay: 12 * 60 + 59)   // true
/// morning.contains(minuteOfDay: 13 * 60)        // false: end is exclusive
/// ```
public struct TimeWindow: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Minutes since local midnight, 0..<1440.
    public let start: Int
    /// Minutes since local midnight, start+1...1440 (1440 = midnight at the end of the day).
    public let end: Int

    public init(startMinute: Int, endMinute: Int) throws(TimeWindowError) {
        guard (0..<1440).contains(startMinute), (1...1440).contains(endMinute), startMinute < endMinute else {
            throw TimeWindowError(text: "\(Self.format(startMinute))-\(Self.format(endMinute))",
                                  reason: "a window must start before it ends, within 00:00–24:00")
        }
        start = startMinute
        end = endMinute
    }

    public init(_ start: String, _ end: String) throws(TimeWindowError) {
        guard let s = Self.parse(start) else { throw TimeWindowError(text: start, reason: "expected HH:MM") }
        guard let e = Self.parse(end) else { throw TimeWindowError(text: end, reason: "expected HH:MM") }
        try self.init(startMinute: s, endMinute: e)
    }

    public func contains(minuteOfDay: Int) -> Bool { minuteOfDay >= start && minuteOfDay < end }

    public var description: String { "\(Self.format(start))–\(Self.format(end))" }

    static func parse(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
              (0...24).contains(h), (0...59).contains(m), h * 60 + m <= 1440 else { return nil }
        return h * 60 + m
    }

    static func format(_ minutes: Int) -> String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0\(h)" : "\(h)") + ":" + (m < 10 ? "0\(m)" : "\(m)")
    }

    enum CodingKeys: String, CodingKey { case start, end }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let start = try container.decode(String.self, forKey: .start)
        let end = try container.decode(String.self, forKey: .end)
        do {
            try self.init(start, end)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: container.codingPath,
                                                    debugDescription: "'\(error.text)': \(error.reason)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.format(start), forKey: .start)
        try container.encode(Self.format(end), forKey: .end)
    }
}

public struct TimeWindowError: Error, Hashable, Sendable {
    public var text: String
    public var reason: String
}

/// Calling windows for each day of the week (ISO order, Monday first).
public struct WeeklyWindows: Hashable, Sendable, Codable {
    public var monday: [TimeWindow]
    public var tuesday: [TimeWindow]
    public var wednesday: [TimeWindow]
    public var thursday: [TimeWindow]
    public var friday: [TimeWindow]
    public var saturday: [TimeWindow]
    public var sunday: [TimeWindow]

    public init(monday: [TimeWindow] = [], tuesday: [TimeWindow] = [], wednesday: [TimeWindow] = [],
                thursday: [TimeWindow] = [], friday: [TimeWindow] = [], saturday: [TimeWindow] = [],
                sunday: [TimeWindow] = []) {
        self.monday = monday
        self.tuesday = tuesday
        self.wednesday = wednesday
        self.thursday = thursday
        self.friday = friday
        self.saturday = saturday
        self.sunday = sunday
    }

    /// Every day, all day: for dry runs on the simulated PBX, where nobody is really called.
    public static let always: WeeklyWindows = {
        let day = [(try? TimeWindow(startMinute: 0, endMinute: 1_440))].compactMap { $0 }
        return WeeklyWindows(monday: day, tuesday: day, wednesday: day, thursday: day, friday: day, saturday: day, sunday: day)
    }()

    /// Décret 2022-1313: Monday–Friday 10:00–13:00 and 14:00–20:00, never at weekends.
    public static let franceDecree2022: WeeklyWindows = {
        // Literal, valid windows: the initializer cannot fail here.
        let day = [(try? TimeWindow(startMinute: 600, endMinute: 780)), (try? TimeWindow(startMinute: 840, endMinute: 1200))]
            .compactMap { $0 }
        return WeeklyWindows(monday: day, tuesday: day, wednesday: day, thursday: day, friday: day)
    }()

    /// Windows of an ISO weekday (1 = Monday … 7 = Sunday), sorted by start.
    public subscript(isoWeekday weekday: Int) -> [TimeWindow] {
        switch weekday {
        case 1: monday
        case 2: tuesday
        case 3: wednesday
        case 4: thursday
        case 5: friday
        case 6: saturday
        default: sunday
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func day(_ key: CodingKeys) throws -> [TimeWindow] {
            (try c.decodeIfPresent([TimeWindow].self, forKey: key) ?? []).sorted { $0.start < $1.start }
        }
        self.init(monday: try day(.monday), tuesday: try day(.tuesday), wednesday: try day(.wednesday),
                  thursday: try day(.thursday), friday: try day(.friday), saturday: try day(.saturday),
                  sunday: try day(.sunday))
    }
}

import Foundation

/// The identity of one call across processes: the UUID the dialer draws before dialling, that the
/// PBX carries (AudioSocket's UUID frame, the FreeSWITCH channel UUID, the ARI channel id) and that
/// names the call's files and database row.
///
/// Spelled lower-case, as FreeSWITCH and Asterisk print UUIDs. A string that is not a UUID is an
/// error at the boundary that read it, never silently replaced by a fresh id.
/// ```swift
/// let id = CallID()
/// CallID(id.description) == id   // true
/// ```
public struct CallID: Hashable, Sendable, Codable, CustomStringConvertible {
    public let uuid: UUID

    public init(_ uuid: UUID = UUID()) { self.uuid = uuid }

    /// Parses a UUID in any case; nil when `text` is not one.
    public init?(_ text: String) {
        guard let uuid = UUID(uuidString: text) else { return nil }
        self.uuid = uuid
    }

    public var description: String { uuid.uuidString.lowercased() }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = CallID(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a call UUID: \(text)")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

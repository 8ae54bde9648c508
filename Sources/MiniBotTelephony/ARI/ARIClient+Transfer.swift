import Foundation

extension ARIClient {
    /// `GET /ari/deviceStates/{device}`: `NOT_INUSE`, `INUSE`, `BUSY`, `RINGING`, `UNAVAILABLE`,
    /// `INVALID`, `UNKNOWN`… (`PJSIP/100` follows registration and calls; `Stasis:agent` is set by an
    /// application with `PUT /deviceStates`).
    public func deviceState(_ device: String) async throws -> String {
        let data = try await request(.GET, "/deviceStates/\(Self.encode(device))")
        struct State: Decodable { var state: String }
        return try decode(State.self, data, what: "device state").state
    }

    /// `PUT /ari/deviceStates/Stasis:{name}` (only `Stasis:` devices are ours to set).
    public func setDeviceState(_ device: String, state: String) async throws {
        try await request(.PUT, "/deviceStates/\(Self.encode(device))", query: [("deviceState", state)])
    }

    /// `POST /ari/channels/{id}/variable` (the channel must be in our Stasis application).
    public func setChannelVariable(channelID: String, _ name: String, value: String) async throws {
        try await request(.POST, "/channels/\(Self.encode(channelID))/variable", query: [("variable", name), ("value", value)])
    }

    /// `POST /ari/asterisk/variable`: a global variable; without `value` it is cleared.
    public func setGlobalVariable(_ name: String, value: String?) async throws {
        var query = [("variable", name)]
        if let value { query.append(("value", value)) }
        try await request(.POST, "/asterisk/variable", query: query)
    }

    /// `GET /ari/asterisk/variable`; nil when unset.
    public func globalVariable(_ name: String) async throws -> String? {
        do {
            let data = try await request(.GET, "/asterisk/variable", query: [("variable", name)])
            struct Value: Decodable { var value: String }
            let value = try decode(Value.self, data, what: "global variable").value
            return value.isEmpty ? nil : value
        } catch ARIError.http(let status, _, _) where status == 404 {
            return nil
        }
    }
}

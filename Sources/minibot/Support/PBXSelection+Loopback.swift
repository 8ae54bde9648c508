import MiniBotOutbound

extension PBXSelection {
    /// True when every call stays inside the PBX (FreeSWITCH `loopback/…` dial string): nobody's phone
    /// rings, so the legal calling hours do not apply and `--ignore-calling-hours` is allowed, as with
    /// the simulated PBX (the real-FreeSWITCH tests run at any hour).
    static func dialsNoRealPhone(_ pbx: PBXConfiguration) -> Bool {
        pbx.kind == .freeswitch && pbx.freeSwitch?.dialStringTemplate.hasPrefix("loopback/") == true
    }
}

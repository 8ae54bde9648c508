/// A FreeSWITCH event decoded once, by ``ESLClient``, into what MiniBotPanel acts on. Channel
/// observers (``ESLClient/observe(channel:_:)``) receive these: call sessions switch over cases and
/// never compare event names or read headers.
///
/// | `Event-Name` | case | headers read |
/// | --- | --- | --- |
/// | `CHANNEL_ANSWER` | ``answered`` | |
/// | `CHANNEL_HANGUP`, `CHANNEL_HANGUP_COMPLETE` | ``hangup(cause:complete:)`` | `variable_hangup_cause_q850`, `Hangup-Cause` |
/// | `CHANNEL_BRIDGE` | ``bridged`` | |
/// | `CHANNEL_EXECUTE_COMPLETE` | ``executeComplete(_:)`` | `Application` and its result variables |
/// | `DTMF` | ``dtmf(_:)`` | `DTMF-Digit` |
/// | `PLAYBACK_START` / `PLAYBACK_STOP` | ``playbackStarted(path:)`` / ``playbackStopped(path:interrupted:playedMilliseconds:)`` | `Playback-File-Path`, `Playback-Status`, `variable_playback_ms` |
/// | `BACKGROUND_JOB` | ``backgroundJob(id:body:)`` | `Job-UUID`, the nested body |
///
/// Any other name, and an event without the header its case needs (a `DTMF` with no digit, a
/// `BACKGROUND_JOB` with no `Job-UUID`), is ``other(name:)``: nothing acts on it.
/// ```swift
/// ESLChannelEvent(ESLEvent(headers: ESLHeaders([("Event-Name", "CHANNEL_HANGUP"), ("Hangup-Cause", "USER_BUSY")])))
/// // .hangup(cause: USER_BUSY (17), complete: false)
/// ```
public enum ESLChannelEvent: Sendable, Hashable {
    case answered
    /// `complete`: `CHANNEL_HANGUP_COMPLETE` (also the client's synthetic one for a channel that
    /// ended while the socket was down). The cause is the Q.850 number when FreeSWITCH sent it,
    /// else the `Hangup-Cause` name; nil when neither is known.
    case hangup(cause: Q850Cause?, complete: Bool)
    case bridged
    case executeComplete(ESLApplicationResult)
    case dtmf(Character)
    /// `path`: the file FreeSWITCH started (nil when the header is missing: matches any prompt).
    case playbackStarted(path: String?)
    /// `interrupted`: `Playback-Status` other than `done` (a `uuid_break`); `playedMilliseconds`
    /// from `variable_playback_ms` when FreeSWITCH reports it.
    case playbackStopped(path: String?, interrupted: Bool, playedMilliseconds: Int?)
    /// The result of a `bgapi` command, matched by our Job-UUID.
    case backgroundJob(id: String, body: String)
    case other(name: String)
}

/// What a `CHANNEL_EXECUTE_COMPLETE` says, by application (`Application`, any case).
public enum ESLApplicationResult: Sendable, Hashable {
    /// `amd` / `avmd` finished: mod_amd's verdict from `variable_amd_result` and
    /// `variable_amd_cause`; nil without a status we read (`HUMAN`, `MACHINE`, `NOTSURE`, `HANGUP`).
    case machineDetection(PBXMachineDetection?)
    /// `bridge` returned (in the transfer extension: the agent was not reached).
    /// `disposition`: `variable_originate_disposition`, else `variable_DIALSTATUS`, else "".
    case bridge(disposition: String)
    /// Any other application, with its `Application-Response` if any.
    case other(application: String, response: String?)
}

extension ESLChannelEvent {
    /// Decodes `event` (see the table on the type).
    public init(_ event: ESLEvent) {
        let name = event.name
        switch name {
        case "CHANNEL_ANSWER":
            self = .answered
        case "CHANNEL_HANGUP", "CHANNEL_HANGUP_COMPLETE":
            let code = event["variable_hangup_cause_q850"].flatMap { Int($0.trimmingSpaces) }
            let causeName = event["Hangup-Cause"]
            let cause = code.map { Q850Cause(code: $0, name: causeName) } ?? causeName.flatMap { Q850Cause(name: $0) }
            self = .hangup(cause: cause, complete: name == "CHANNEL_HANGUP_COMPLETE")
        case "CHANNEL_BRIDGE":
            self = .bridged
        case "CHANNEL_EXECUTE_COMPLETE":
            guard let application = event["Application"] else { self = .other(name: name); return }
            self = .executeComplete(ESLApplicationResult(application: application, event: event))
        case "DTMF":
            guard let digit = event["DTMF-Digit"]?.first else { self = .other(name: name); return }
            self = .dtmf(digit)
        case "PLAYBACK_START":
            self = .playbackStarted(path: event["Playback-File-Path"])
        case "PLAYBACK_STOP":
            self = .playbackStopped(path: event["Playback-File-Path"],
                                    interrupted: (event["Playback-Status"] ?? "done") != "done",
                                    playedMilliseconds: event["variable_playback_ms"].flatMap { Int($0.trimmingSpaces) })
        case "BACKGROUND_JOB":
            guard let id = event["Job-UUID"] else { self = .other(name: name); return }
            self = .backgroundJob(id: id, body: event.body ?? "")
        default:
            self = .other(name: name)
        }
    }
}

extension ESLApplicationResult {
    init(application: String, event: ESLEvent) {
        switch application.lowercased() {
        case "amd", "avmd":
            self = .machineDetection(event["variable_amd_result"].flatMap {
                PBXMachineDetection(status: $0, cause: event["variable_amd_cause"])
            })
        case "bridge":
            self = .bridge(disposition: event["variable_originate_disposition"] ?? event["variable_DIALSTATUS"] ?? "")
        default:
            self = .other(application: application, response: event["Application-Response"])
        }
    }
}

import Foundation

/// Event Socket messages written by hand in the exact shape of FreeSWITCH's documentation and
/// captures (mod_event_socket wiki: auth/request, command/reply, api/response, event-plain with
/// URL-encoded values and a nested body, event-json with `_body`, disconnect notice).
enum ESLSamples {
    static let authRequest = "Content-Type: auth/request\n\n"
    static let authAccepted = "Content-Type: command/reply\nReply-Text: +OK accepted\n\n"
    static let authRefused = "Content-Type: command/reply\nReply-Text: -ERR invalid\n\n"

    static func apiResponse(_ body: String) -> String {
        "Content-Type: api/response\nContent-Length: \(body.utf8.count)\n\n\(body)"
    }

    static let jobUUID = "7f4db78a-17d7-11dd-b7a0-db4edd065621"
    static let bgapiReply = "Content-Type: command/reply\nReply-Text: +OK Job-UUID: \(jobUUID)\nJob-UUID: \(jobUUID)\n\n"

    static let backgroundJobBody = """
    Event-Name: BACKGROUND_JOB
    Core-UUID: 42bdf272-16e6-11dd-b7a0-db4edd065621
    FreeSWITCH-Hostname: ser
    FreeSWITCH-IPv4: 192.168.1.104
    Event-Date-Local: 2008-05-02%2007%3A37%3A03
    Event-Date-GMT: Thu,%2001%20May%202008%2023%3A37%3A03%20GMT
    Event-Calling-File: mod_event_socket.c
    Job-UUID: \(jobUUID)
    Job-Command: originate
    Job-Command-Arg: sofia/default/1005%20'%26park'
    Content-Length: 41

    +OK 7f4dc9fe-17d7-11dd-b7a0-db4edd065621

    """

    static func eventPlain(_ body: String) -> String {
        "Content-Length: \(body.utf8.count)\nContent-Type: text/event-plain\n\n\(body)"
    }

    static let dtmfBody = """
    Event-Name: DTMF
    Core-UUID: 42bdf272-16e6-11dd-b7a0-db4edd065621
    Event-Date-Local: 2026-11-22%2010%3A15%3A00
    Unique-ID: 01020304-0506-0708-090a-0b0c0d0e0f10
    Caller-Caller-ID-Name: Jean%20Dupont%20%C3%A9t%C3%A9
    DTMF-Digit: %23
    DTMF-Duration: 2000


    """

    static let hangupJSON = """
    {"Event-Name":"CHANNEL_HANGUP_COMPLETE","Core-UUID":"42bdf272-16e6-11dd-b7a0-db4edd065621",\
    "Unique-ID":"01020304-0506-0708-090a-0b0c0d0e0f10","Hangup-Cause":"USER_BUSY",\
    "variable_hangup_cause_q850":"17","Event-Date-Local":"2026-11-22 10:15:00"}
    """

    static let bgJobJSON = """
    {"Event-Name":"BACKGROUND_JOB","Job-UUID":"\(jobUUID)","Job-Command":"originate","_body":"-ERR USER_BUSY\\n"}
    """

    static func eventJSON(_ body: String) -> String {
        "Content-Length: \(body.utf8.count)\nContent-Type: text/event-json\n\n\(body)"
    }

    static let disconnectBody = "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n"
    static let disconnectNotice = "Content-Type: text/disconnect-notice\nContent-Length: \(disconnectBody.utf8.count)\n\n\(disconnectBody)"

    /// One stream with every content type, in the order a session would see them.
    static var conversation: String {
        authRequest + authAccepted + apiResponse("+OK Success\n") + bgapiReply + eventPlain(backgroundJobBody)
            + eventPlain(dtmfBody) + eventJSON(hangupJSON) + disconnectNotice
    }
}

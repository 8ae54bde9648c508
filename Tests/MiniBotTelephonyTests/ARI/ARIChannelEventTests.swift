import Foundation
@testable import MiniBotTelephony
import Testing

/// The one place ARI event types become cases, fed the JSON Asterisk sends (shapes from
/// res_ari's event models): every case, unknown types, and events missing the field their case needs.
@Suite("ARI channel events")
struct ARIChannelEventTests {
    private func decode(_ json: String) throws -> ARIChannelEvent {
        ARIChannelEvent(try JSONDecoder().decode(ARIEvent.self, from: Data(json.utf8)))
    }

    private let channel = #""channel":{"id":"c1","name":"PJSIP/trunk-00000001","state":"Up","caller":{"name":"","number":"0600000001"}}"#
    private let c1 = ARIChannel(id: "c1", name: "PJSIP/trunk-00000001", state: "Up",
                                caller: .init(name: "", number: "0600000001"))

    @Test func stasisStartAndEnd() throws {
        #expect(try decode(#"{"type":"StasisStart","application":"minibot","args":["HUMAN","HUMAN-300-800"],\#(channel)}"#)
            == .stasisStart(channel: c1, args: ["HUMAN", "HUMAN-300-800"]))
        #expect(try decode(#"{"type":"StasisStart","application":"minibot",\#(channel)}"#) == .stasisStart(channel: c1, args: []))
        #expect(try decode(#"{"type":"StasisEnd","application":"minibot",\#(channel)}"#) == .stasisEnd(channel: c1))
    }

    @Test func hangupRequestAndDestroyCarryTheCause() throws {
        let destroyed = try decode(#"{"type":"ChannelDestroyed","cause":17,"cause_txt":"User busy",\#(channel)}"#)
        #expect(destroyed == .channelDestroyed(channel: c1, cause: Q850Cause(code: 17)))
        #expect(destroyed.cause == .userBusy)
        let request = try decode(#"{"type":"ChannelHangupRequest","cause":0,\#(channel)}"#)
        #expect(request == .channelHangupRequest(channel: c1, cause: Q850Cause(code: 0)))
        #expect(request.cause?.code == 0)
        // A hang-up request without a cause (soft hang-up from the dialplan).
        #expect(try decode(#"{"type":"ChannelHangupRequest","soft":true,\#(channel)}"#) == .channelHangupRequest(channel: c1, cause: nil))
        #expect(try decode(#"{"type":"StasisEnd",\#(channel)}"#).cause == nil)
    }

    @Test func stateChangeVarsetAndDTMF() throws {
        #expect(try decode(#"{"type":"ChannelStateChange",\#(channel)}"#) == .channelStateChange(channel: c1))
        #expect(try decode(#"{"type":"ChannelVarset","variable":"AMDSTATUS","value":"MACHINE",\#(channel)}"#)
            == .channelVarset(channel: c1, variable: "AMDSTATUS", value: "MACHINE"))
        // A global variable: no channel.
        #expect(try decode(#"{"type":"ChannelVarset","variable":"GLOBAL_X","value":""}"#)
            == .channelVarset(channel: nil, variable: "GLOBAL_X", value: ""))
        #expect(try decode(#"{"type":"ChannelDtmfReceived","digit":"5","duration_ms":120,\#(channel)}"#)
            == .dtmf(channel: c1, digit: "5", durationMs: 120))
    }

    @Test func dialWithPeerCallerAndStatus() throws {
        let peer = #""peer":{"id":"agent-1","state":"Ringing"}"#
        let caller = #""caller":{"id":"c1"}"#
        #expect(try decode(#"{"type":"Dial","dialstatus":"ANSWER","dialstring":"PJSIP/2000",\#(peer),\#(caller)}"#)
            == .dial(caller: ARIChannel(id: "c1"), peer: ARIChannel(id: "agent-1", state: "Ringing"), status: .answer))
        // An originate: our channel is the peer, no caller; the first Dial has an empty status.
        #expect(try decode(#"{"type":"Dial","dialstatus":"",\#(peer)}"#)
            == .dial(caller: nil, peer: ARIChannel(id: "agent-1", state: "Ringing"), status: .empty))
        #expect(try decode(#"{"type":"Dial",\#(peer)}"#) == .dial(caller: nil, peer: ARIChannel(id: "agent-1", state: "Ringing"), status: .empty))
        #expect(try decode(#"{"type":"Dial","dialstatus":"chanunavail",\#(peer)}"#)
            == .dial(caller: nil, peer: ARIChannel(id: "agent-1", state: "Ringing"), status: .channelUnavailable))
    }

    @Test(arguments: ["ChannelCreated", "BridgeCreated", "PlaybackFinished", "ApplicationReplaced", "stasisstart"])
    func unknownTypesAreOther(type: String) throws {
        #expect(try decode(#"{"type":"\#(type)",\#(channel)}"#) == .other(type: type))
    }

    @Test func eventsMissingTheFieldTheirCaseNeedsAreOther() throws {
        for type in ["StasisStart", "StasisEnd", "ChannelDestroyed", "ChannelHangupRequest", "ChannelStateChange"] {
            #expect(try decode(#"{"type":"\#(type)","cause":16,"args":[]}"#) == .other(type: type))
        }
        #expect(try decode(#"{"type":"ChannelVarset","value":"x",\#(channel)}"#) == .other(type: "ChannelVarset"))
        #expect(try decode(#"{"type":"ChannelDtmfReceived",\#(channel)}"#) == .other(type: "ChannelDtmfReceived"))
        #expect(try decode(#"{"type":"Dial","dialstatus":"BUSY","caller":{"id":"c1"}}"#) == .other(type: "Dial"))
    }

    @Test(arguments: [
        ("", AsteriskDialStatus.empty), ("RINGING", .ringing), ("PROGRESS", .progress), ("ANSWER", .answer), ("BUSY", .busy),
        ("CONGESTION", .congestion), ("CHANUNAVAIL", .channelUnavailable), ("NOANSWER", .noAnswer), ("CANCEL", .cancel),
        ("DONTCALL", .other("DONTCALL")), ("INVALIDARGS", .other("INVALIDARGS")),
    ])
    func dialStatusWordsRoundTrip(word: String, status: AsteriskDialStatus) {
        #expect(AsteriskDialStatus(word) == status)
        #expect(AsteriskDialStatus(word.lowercased()) == status)
        #expect(status.description == word)
    }
}

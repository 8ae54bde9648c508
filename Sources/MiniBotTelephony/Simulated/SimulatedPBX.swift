import struct Foundation.UUID
import NIOCore
import NIOPosix

/// A built-in PBX for demos, dry runs, tests and load (SPEC A4): it "dials" by connecting to
/// the bot's AudioSocket server exactly as Asterisk does (UUID first, caller audio paced every
/// 20 ms, silence when the caller is quiet, DTMF and hang-up messages) and plays a
/// ``Persona`` through a ``SimulatedCaller``.
///
/// `onSay(callID, text)` is told every line the caller speaks to be recognised, before the
/// audio leaves — wire it to the simulated recognizer's script so it "hears" that text.
/// Per call it holds only the caller's queued speech and the last frame heard.
/// ```swift
/// let pbx = SimulatedPBX(port: service.localPort!, onSay: { id, text in script.enqueue([text], for: id.uuidString) })
/// let outcome = try await pbx.call(.answering(["oui", "non merci"]))
/// outcome.endedBy   // .bot
/// ```
public struct SimulatedPBX: Sendable {
    public var host: String
    public var port: Int
    public var voice: any CallerVoice
    public var onSay: @Sendable (UUID, String) -> Void
    public var eventLoopGroup: any EventLoopGroup

    public init(host: String = "127.0.0.1", port: Int, voice: any CallerVoice = MurmurVoice(),
                eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                onSay: @escaping @Sendable (UUID, String) -> Void = { _, _ in }) {
        self.host = host
        self.port = port
        self.voice = voice
        self.onSay = onSay
        self.eventLoopGroup = eventLoopGroup
    }

    /// Places one call and returns when it is over (either side hung up, or the persona's
    /// `maxCallMs` was reached). Throws only if the bot cannot be reached.
    public func call(_ persona: Persona, callID: UUID = UUID()) async throws -> SimulatedCallOutcome {
        if persona.answerAfterMs > 0 { try await Task.sleep(for: .milliseconds(persona.answerAfterMs)) }
        let voice = voice, onSay = onSay
        return try await AudioSocketClient.withConnection(
            host: host, port: port, callID: callID,
            configuration: .init(sendsSilenceWhenIdle: true), eventLoopGroup: eventLoopGroup
        ) { connection in
            var caller = SimulatedCaller(persona: persona, callID: callID)
            for action in caller.start() {
                await Self.perform(action, on: connection, voice: voice, onSay: onSay)
            }
            for await received in connection.received {
                switch received.message {
                case .audio:
                    let samples = received.message.samples ?? []
                    for action in caller.received(samples, atNanoseconds: received.arrivalNanoseconds) {
                        await Self.perform(action, on: connection, voice: voice, onSay: onSay)
                    }
                case .hangup, .error:
                    caller.ended(byBot: true)
                default:
                    break
                }
                if caller.isFinished { break }
            }
            caller.ended(byBot: false)
            return caller.outcome
        }
    }

    static func perform(_ action: SimulatedCaller.Action, on connection: AudioSocketClientConnection,
                        voice: any CallerVoice, onSay: @Sendable (UUID, String) -> Void) async {
        switch action {
        case .say(let text, let recognised):
            if recognised { onSay(connection.callID, text) }
            await connection.send(frames: await voice.frames(for: text))
        case .playGreeting(let ms):
            await connection.send(frames: MurmurVoice.split(MurmurVoice().samples(durationMs: ms)))
        case .sendDTMF(let digits):
            for digit in digits { await connection.sendDTMF(digit) }
        case .hangUp:
            await connection.hangup()
        }
    }
}

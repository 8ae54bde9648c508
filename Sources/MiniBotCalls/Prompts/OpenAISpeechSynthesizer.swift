import AsyncHTTPClient
import Foundation
import MiniBotAudio
import NIOCore

/// Text to speech through an OpenAI-compatible `POST {TTS_URL}/v1/audio/speech` (OpenAI itself,
/// or a self-hosted server serving cloned voices): `{"model","input","voice","response_format":"wav"}`
/// in, a WAV out, resampled to 8 kHz. Every request has a deadline; errors become
/// ``SynthesisError`` naming the status and the server's message (the prompt library then falls
/// back to a neutral tone for that sentence, and the phrase cache keeps what did work).
/// ```swift
/// let voice = OpenAISpeechSynthesizer(baseURL: "http://127.0.0.1:8880/v1", voice: "julie", apiKey: nil)
/// let samples = try await voice.synthesize("Bonjour", voice: nil)
/// ```
public struct OpenAISpeechSynthesizer: SpeechSynthesizer {
    public let name = "openai"
    public var baseURL: String
    public var model: String
    public var voice: String
    public var apiKey: String?
    public var timeout: Duration
    public var maxResponseBytes: Int
    let client: HTTPClient

    public init(baseURL: String, model: String = "tts-1", voice: String = "alloy", apiKey: String? = nil,
                timeout: Duration = .seconds(15), maxResponseBytes: Int = 16 << 20, client: HTTPClient = .shared) {
        self.baseURL = baseURL
        self.model = model
        self.voice = voice
        self.apiKey = apiKey
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
        self.client = client
    }

    /// `baseURL` without trailing `/` or `/v1`, plus `/v1/audio/speech`.
    public var endpoint: String {
        var root = baseURL
        while root.hasSuffix("/") { root.removeLast() }
        if root.hasSuffix("/v1") { root.removeLast(3) }
        return root + "/v1/audio/speech"
    }

    struct Body: Encodable {
        var model: String
        var input: String
        var voice: String
        var response_format = "wav"
    }

    public func synthesize(_ text: String, voice requested: String?) async throws -> [Int16] {
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Accept", value: "audio/wav")
        if let apiKey, !apiKey.isEmpty { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(Body(model: model, input: text, voice: voice))))
        let (status, body): (Int, [UInt8])
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000
                + timeout.components.attoseconds / 1_000_000_000))
            let collected = try await response.body.collect(upTo: maxResponseBytes)
            (status, body) = (Int(response.status.code), Array(collected.readableBytesView))
        } catch {
            throw SynthesisError("\(endpoint): \(error)")
        }
        guard (200..<300).contains(status) else {
            let message = String(decoding: body.prefix(300), as: UTF8.self)
            throw SynthesisError("\(endpoint) answered \(status)\(status == 401 || status == 403 ? " (check TTS_API_KEY)" : ""): \(message)")
        }
        let decoded: (buffer: AudioBuffer, format: WAVFormat)
        var fixed = body
        StereoWAVHeader.patchSizes(&fixed)   // streamed WAVs carry placeholder sizes
        do { decoded = try WAV.decode(fixed, name: endpoint) } catch {
            throw SynthesisError("\(endpoint) did not answer a PCM WAV (response_format=wav): \(error)")
        }
        return decoded.buffer.mono().resampled(to: TelephoneAudio.sampleRate).samples
    }
}

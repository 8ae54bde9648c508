import MiniBotAudio
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Speech recognition through an OpenAI-compatible `/v1/audio/transcriptions` server
/// (faster-whisper-server, OpenAI, Groq…). Whisper is not a streaming engine: a session buffers
/// its utterance and uploads one WAV on `finish()`, under ``WhisperConfiguration/timeout``.
///
/// The HTTP client is injected (default `HTTPClient.shared`) so the process owns its lifecycle.
/// `HTTPClient.shared` retries refused connections until the deadline (an unreachable server then
/// reports `.timeout` after ``WhisperConfiguration/timeout``); a client built with
/// ``httpClientConfiguration(connectTimeout:)`` fails at once with `.engineUnavailable` instead.
/// ```swift
/// let whisper = WhisperRecognizer(configuration: .init(baseURL: "http://127.0.0.1:8000", model: "whisper-1"))
/// let session = try await whisper.startSession(callID: uuid, sampleRate: 8_000, hints: ["Bloctel"])
/// ```
public struct WhisperRecognizer: SpeechRecognizer {
    public let name = "whisper"
    public let configuration: WhisperConfiguration
    let client: HTTPClient
    let logger: Logger
    let makeBoundary: @Sendable () -> String

    public init(
        configuration: WhisperConfiguration,
        client: HTTPClient = .shared,
        logger: Logger = Logger(label: "minibot.speech.whisper"),
        makeBoundary: @escaping @Sendable () -> String = { "minibot-" + UUID().uuidString }
    ) {
        self.configuration = configuration
        self.client = client
        self.logger = logger
        self.makeBoundary = makeBoundary
    }

    /// HTTP client settings for speech engines: no retry of refused connections (fail the
    /// utterance fast, the call apologises) and a short connect timeout.
    /// ```swift
    /// let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: WhisperRecognizer.httpClientConfiguration())
    /// defer { try? await client.shutdown() }
    /// ```
    public static func httpClientConfiguration(connectTimeout: Duration = .seconds(2)) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .nanoseconds(connectTimeout.wholeNanoseconds)
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    public func startSession(callID: String, sampleRate: Int, hints: [String]) async throws -> any RecognitionSession {
        try SampleRateCheck.validate(sampleRate)
        return WhisperSession(recognizer: self, callID: callID, sampleRate: sampleRate, hints: hints)
    }

    /// Uploads one utterance and returns its final result.
    func transcribe(samples: [Int16], sampleRate: Int, hints: [String], callID: String) async throws -> RecognitionResult {
        let request = makeRequest(samples: samples, sampleRate: sampleRate, hints: hints)
        var logger = self.logger
        logger[metadataKey: "call_id"] = "\(callID)"
        logger.debug("whisper upload", metadata: ["samples": "\(samples.count)", "url": "\(configuration.endpoint)"])
        let (status, body) = try await withRecognitionDeadline(configuration.timeout) { [client, configuration] in
            try await Self.exchange(request, client: client, configuration: configuration)
        }
        switch status {
        case 200..<300:
            let heard = try WhisperResponseParser.parse(body, configuration: configuration)
            return RecognitionResult(text: heard.text, confidence: heard.confidence, isFinal: true, engine: name)
        case 401, 403:
            logger.warning("whisper refused credentials", metadata: ["status": "\(status)"])
            throw RecognitionError.unauthorized
        default:
            let message = WhisperResponseParser.errorMessage(body)
            logger.warning("whisper server error", metadata: ["status": "\(status)", "message": "\(message)"])
            throw RecognitionError.server(status: status, message: message)
        }
    }

    func makeRequest(samples: [Int16], sampleRate: Int, hints: [String]) -> HTTPClientRequest {
        var form = MultipartFormData(boundary: makeBoundary())
        form.addFile(name: "file", filename: "utterance.wav", contentType: "audio/wav",
                     bytes: WAV.encode(AudioBuffer(sampleRate: sampleRate, channels: 1, samples: samples), as: .pcm16))
        form.addField(name: "model", value: configuration.model)
        form.addField(name: "language", value: configuration.language)
        form.addField(name: "response_format", value: configuration.responseFormat.rawValue)
        form.addField(name: "temperature", value: "0")
        if let prompt = Self.prompt(from: hints) { form.addField(name: "prompt", value: prompt) }
        var request = HTTPClientRequest(url: configuration.endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: form.contentType)
        request.headers.add(name: "Accept", value: "application/json")
        if let key = configuration.apiKey, !key.isEmpty {
            request.headers.add(name: "Authorization", value: "Bearer \(key)")
        }
        request.body = .bytes(ByteBuffer(bytes: form.finished()))
        return request
    }

    /// Whisper's `prompt` conditions decoding on vocabulary; hints become a comma-separated
    /// list, capped at 800 characters (the API keeps only its last 224 tokens anyway).
    static func prompt(from hints: [String]) -> String? {
        let words = hints.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        guard !words.isEmpty else { return nil }
        return String(words.joined(separator: ", ").prefix(800))
    }

    private static func exchange(
        _ request: HTTPClientRequest,
        client: HTTPClient,
        configuration: WhisperConfiguration
    ) async throws -> (Int, [UInt8]) {
        do {
            let timeout = TimeAmount.nanoseconds(configuration.timeout.wholeNanoseconds)
            let response = try await client.execute(request, timeout: timeout)
            let body = try await response.body.collect(upTo: configuration.maxResponseBytes)
            return (Int(response.status.code), Array(body.readableBytesView))
        } catch let error as HTTPClientError {
            throw map(error, configuration: configuration)
        } catch let error as NIOTooManyBytesError {
            throw RecognitionError.malformedResponse("answer larger than \(configuration.maxResponseBytes) bytes (\(error))")
        } catch let error as RecognitionError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw RecognitionError.engineUnavailable("\(configuration.endpoint): \(error)")
        }
    }

    private static func map(_ error: HTTPClientError, configuration: WhisperConfiguration) -> RecognitionError {
        switch error {
        case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .getConnectionFromPoolTimeout,
             .tlsHandshakeTimeout:
            .timeout
        case .cancelled:
            .timeout
        default:
            .engineUnavailable("\(configuration.endpoint): \(error)")
        }
    }
}

extension Duration {
    /// Whole nanoseconds (saturating), for APIs that take an integer amount.
    var wholeNanoseconds: Int64 {
        let (seconds, overflow) = components.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return components.seconds < 0 ? .min : .max }
        return seconds.addingReportingOverflow(components.attoseconds / 1_000_000_000).partialValue
    }
}

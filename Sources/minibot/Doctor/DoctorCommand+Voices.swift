import AsyncHTTPClient
import Foundation
import MiniBotCalls
import MiniBotServer
import NIOCore

extension DoctorCommand {
    /// How to start the local French recogniser, printed wherever Whisper is missing.
    static let whisperStartHint = "start the local French recogniser: eval \"$(scripts/whisper-local.sh start)\""

    /// The Whisper server answers (`GET /health` of our local server, else any answer on `/v1/models`),
    /// and which voice speaks prompts without audio files.
    func checkWhisperAndVoice(_ configuration: ServiceConfiguration, _ report: inout DoctorReport) async {
        let environment = configuration.values.merging(ProcessInfo.processInfo.environment) { value, _ in value }
        let usesWhisper = configuration.speechEngine == "whisper"
        if let url = environment["WHISPER_URL"], !url.isEmpty {
            switch await Self.probeWhisper(url) {
            case .success(let detail):
                report.pass("Whisper server", "\(url) answers (\(detail))")
            case .failure(let reason):
                let message = "\(url) does not answer: \(reason); \(Self.whisperStartHint)"
                if usesWhisper { report.fail("Whisper server", message) } else { report.warn("Whisper server", message) }
            }
        } else if usesWhisper {
            report.fail("Whisper server", "WHISPER_URL is not set; \(Self.whisperStartHint)")
        } else {
            report.warn("Whisper server", "not configured (STT_ENGINE=\(configuration.speechEngine)); \(Self.whisperStartHint)")
        }
        do {
            let voice = try SynthesizerConfiguration(environment: environment)
            let engine = try voice.makeEngine(environment: environment)
            let installed = SynthesizerConfiguration.installedLocalEngines(environment: environment).map(\.rawValue)
            let origin = environment["TTS_ENGINE"].map { "TTS_ENGINE=\($0)" } ?? "the best installed local voice"
            let detail = "\(voice.describe(engine)) (\(origin); installed here: \(installed.isEmpty ? "none" : installed.joined(separator: ", ")))"
                + (voice.cacheDirectory.map { ", phrase cache \($0)" } ?? ", no phrase cache")
            if engine is ToneSynthesizer && environment["TTS_ENGINE"] == nil {
                report.warn("voice", "no French voice installed: prompts without audio files are tones (apt-get install libttspico-utils)")
            } else {
                report.pass("voice", detail)
            }
        } catch {
            report.fail("voice", "\(error)")
        }
    }

    enum Probe { case success(String), failure(String) }

    /// One short GET on `<root>/health`, then `<root>/v1/models` (hosted APIs answer 401 there: reachable).
    static func probeWhisper(_ url: String) async -> Probe {
        var root = url
        while root.hasSuffix("/") { root.removeLast() }
        if root.hasSuffix("/v1") { root.removeLast(3) }
        var settings = HTTPClient.Configuration()
        settings.timeout.connect = .seconds(2)
        settings.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: settings)
        defer { _ = client.shutdown() }
        var lastError = ""
        for path in ["/health", "/v1/models"] {
            do {
                let response = try await client.execute(HTTPClientRequest(url: root + path), timeout: .seconds(3))
                let body = try await response.body.collect(upTo: 1 << 16)
                let status = Int(response.status.code)
                if status == 200 || status == 401 || status == 403 {
                    let text = String(buffer: body)
                    let model = (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["model"] as? String
                    return .success("\(path) \(status)" + (model.map { ", model \($0)" } ?? ""))
                }
                lastError = "\(path) answered \(status)"
            } catch {
                lastError = "\(error)"
            }
        }
        return .failure(lastError)
    }
}

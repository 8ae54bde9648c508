/// The variables `minibot serve` reads, with their defaults and meaning: one list that drives
/// loading, `minibot doctor`'s listing and the test that keeps `.env.example` complete.
public struct ServiceVariable: Sendable, Hashable {
    public var name: String
    /// Value used when the variable is unset (empty: none).
    public var defaultValue: String
    public var summary: String
}

public enum ServiceVariables {
    public static let all: [ServiceVariable] = [
        .init(name: "DATABASE_URL", defaultValue: "sqlite:minibot.sqlite", summary: "sqlite:path or postgres://user:pass@host:5432/db"),
        .init(name: "API_HOST", defaultValue: "127.0.0.1", summary: "REST API and dashboard address (0.0.0.0 requires a real API_PASSWORD)"),
        .init(name: "API_PORT", defaultValue: "8000", summary: "REST API and dashboard port"),
        .init(name: "API_PASSWORD", defaultValue: "", summary: "bearer token for the API and the dashboard"),
        .init(name: "API_MAX_BODY_MB", defaultValue: "20", summary: "largest request body (CSV uploads), in MiB"),
        .init(name: "PBX", defaultValue: "simulated", summary: "simulated, freeswitch or asterisk"),
        .init(name: "AUDIOSOCKET_HOST", defaultValue: "0.0.0.0", summary: "AudioSocket listener (Asterisk AudioSocket(), ARI externalMedia)"),
        .init(name: "AUDIOSOCKET_PORT", defaultValue: "9092", summary: "AudioSocket listener port"),
        .init(name: "SCENARIO", defaultValue: "", summary: "scenario answering inbound AudioSocket calls (none: no inbound listener)"),
        .init(name: "SCENARIOS_DIR", defaultValue: "scenarios", summary: "folder of scenario files"),
        .init(name: "SOUNDS_DIR", defaultValue: "sounds", summary: "folder of pre-recorded prompts"),
        .init(name: "RECORDINGS_DIR", defaultValue: "recordings", summary: "folder of call recordings and transcripts"),
        .init(name: "MAX_CONCURRENT_CALLS", defaultValue: "10", summary: "simultaneous outbound calls across campaigns"),
        .init(name: "MAX_INBOUND_CALLS", defaultValue: "100", summary: "simultaneous inbound AudioSocket calls, separate from outbound (extra callers are refused and counted)"),
        .init(name: "CALL_TIMEOUT", defaultValue: "300", summary: "longest call in seconds before the bot hangs up"),
        .init(name: "RING_TIMEOUT", defaultValue: "30", summary: "seconds of ringing before no_answer"),
        .init(name: "DELAY_BETWEEN_CALLS", defaultValue: "2.0", summary: "seconds between two call starts of a campaign"),
        .init(name: "RETRY_ENABLED", defaultValue: "true", summary: "retry busy / no answer / failed calls"),
        .init(name: "MAX_RETRIES", defaultValue: "2", summary: "retries after the first attempt"),
        .init(name: "RETRY_DELAY_MINUTES", defaultValue: "30", summary: "delay before retrying a no_answer"),
        .init(name: "RETRY_BUSY_DELAY_MINUTES", defaultValue: "5", summary: "delay before retrying a busy line"),
        .init(name: "AMD_ENABLED", defaultValue: "true", summary: "in-process answering-machine detection"),
        .init(name: "AMD_DUAL_LAYER", defaultValue: "true", summary: "run our own AMD on calls the PBX gave no AMD verdict for"),
        .init(name: "STT_ENGINE", defaultValue: "simulated", summary: "speech recognizer: simulated, vosk, whisper, deepgram or vosk-server"),
        .init(name: "VOSK_MODEL_PATH", defaultValue: "", summary: "folder of a Vosk model (e.g. models/vosk-model-small-fr-0.22)"),
        .init(name: "VOSK_LIBRARY_PATH", defaultValue: "", summary: "libvosk.so when not found automatically"),
        .init(name: "WHISPER_URL", defaultValue: "", summary: "OpenAI-compatible /v1/audio/transcriptions server"),
        .init(name: "WHISPER_API_KEY", defaultValue: "", summary: "bearer key for WHISPER_URL"),
        .init(name: "DEEPGRAM_API_KEY", defaultValue: "", summary: "Deepgram key (STT_ENGINE=deepgram, live streaming)"),
        .init(name: "DEEPGRAM_URL", defaultValue: "", summary: "Deepgram live endpoint (default wss://api.deepgram.com/v1/listen)"),
        .init(name: "VOSK_SERVER_URL", defaultValue: "", summary: "alphacep vosk-server WebSocket (STT_ENGINE=vosk-server), e.g. ws://127.0.0.1:2700"),
        .init(name: "STT_FALLBACK_ENGINE", defaultValue: "none", summary: "engine that finishes an utterance when the main one fails: none, simulated, vosk, whisper"),
        .init(name: "OLLAMA_URL", defaultValue: "", summary: "local LLM for freestyle answers (optional)"),
        .init(name: "FREESWITCH_ESL_HOST", defaultValue: "127.0.0.1", summary: "FreeSWITCH Event Socket host (PBX=freeswitch)"),
        .init(name: "FREESWITCH_ESL_PORT", defaultValue: "8021", summary: "FreeSWITCH Event Socket port"),
        .init(name: "FREESWITCH_ESL_PASSWORD", defaultValue: "ClueCon", summary: "FreeSWITCH Event Socket password"),
        .init(name: "FREESWITCH_GATEWAY", defaultValue: "", summary: "sofia gateway outbound calls leave through"),
        .init(name: "FREESWITCH_DIAL_STRING", defaultValue: "", summary: "dial string with {number} (default sofia/gateway/<gateway>/{number})"),
        .init(name: "FREESWITCH_SOUNDS_DIR", defaultValue: "", summary: "prompt folder as FreeSWITCH sees it"),
        .init(name: "AUDIO_STREAM_HOST", defaultValue: "0.0.0.0", summary: "mod_audio_stream WebSocket listener"),
        .init(name: "AUDIO_STREAM_PORT", defaultValue: "8080", summary: "mod_audio_stream WebSocket port"),
        .init(name: "AUDIO_STREAM_URL", defaultValue: "", summary: "ws:// URL FreeSWITCH connects to (default built from host and port)"),
        .init(name: "ASTERISK_ARI_URL", defaultValue: "http://127.0.0.1:8088", summary: "Asterisk ARI base URL (PBX=asterisk)"),
        .init(name: "ASTERISK_ARI_USER", defaultValue: "", summary: "ARI user (ari.conf)"),
        .init(name: "ASTERISK_ARI_PASSWORD", defaultValue: "", summary: "ARI password"),
        .init(name: "ASTERISK_ARI_APP", defaultValue: "minibot", summary: "Stasis application name"),
        .init(name: "ASTERISK_ENDPOINT", defaultValue: "PJSIP/{number}@trunk", summary: "dial string template"),
        .init(name: "ASTERISK_AMD_CONTEXT", defaultValue: "", summary: "dialplan context running AMD() then Stasis() (optional)"),
        .init(name: "AUDIOSOCKET_PUBLIC_ADDRESS", defaultValue: "", summary: "host:port Asterisk reaches our AudioSocket listener at"),
        .init(name: "CALLER_ID", defaultValue: "", summary: "presented caller number"),
        .init(name: "SHUTDOWN_GRACE_SECONDS", defaultValue: "120", summary: "on SIGTERM, how long live calls may finish"),
        .init(name: "WORKER_ID", defaultValue: "", summary: "this worker's name among those sharing the database (default: host-serve); each start adds a random suffix"),
        .init(name: "LOG_LEVEL", defaultValue: "info", summary: "trace, debug, info, notice, warning, error, critical"),
    ]
}

// swift-tools-version: 6.1
import PackageDescription

// One package, cut along ARCHITECTURE.md: pure cores (Audio, Language, Dialogue, Dialer)
// under thin I/O shells (AudioTools, Telephony, …) and one executable, `minibot`.
let package = Package(
    name: "MiniBotPanel",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "minibot", targets: ["minibot"]),
        .executable(name: "minibot-bench", targets: ["MiniBotBenchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // Already in the graph through async-http-client; named for `wss://` in PBXWebSocketClient (Deepgram).
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
    ],
    targets: [
        // The call vocabulary every other target speaks (call id, result, sentiment, AMD verdict,
        // Q.850 cause, transcript turn, phone number); imports nothing but Foundation.
        .target(name: "MiniBotCallModel"),
        // Pure cores: no sockets, no clock, no randomness inside.
        .target(name: "MiniBotAudio", dependencies: ["MiniBotCallModel"]),
        .target(name: "MiniBotLanguage", dependencies: ["MiniBotCallModel"], resources: [.copy("Resources")]),
        .target(name: "MiniBotDialogue", dependencies: [
            "MiniBotCallModel", "MiniBotLanguage",
            .product(name: "Yams", package: "Yams"),
        ]),
        // Contacts CSV is scanned at byte level (encoding detection, physical line numbers,
        // 1 M rows in ~1 s), which no mirrored CSV library offers.
        .target(name: "MiniBotDialer", dependencies: ["MiniBotCallModel"]),
        // Shells.
        .target(name: "MiniBotCalls", dependencies: [
            "MiniBotTelephony", "MiniBotSpeech", "MiniBotDialogue", "MiniBotLanguage", "MiniBotAudio",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        // Outbound wiring: the placers the dispatcher dials through (simulated PBX, FreeSWITCH, Asterisk ARI).
        .target(name: "MiniBotOutbound", dependencies: [
            "MiniBotDispatch", "MiniBotCalls", "MiniBotTelephony", "MiniBotSpeech", "MiniBotDialer", "MiniBotDialogue",
            "MiniBotLanguage", "MiniBotAudio",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "MiniBotStorage", dependencies: [
            "MiniBotDialer",
            .product(name: "SQLiteNIO", package: "sqlite-nio"),
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "MiniBotDispatch", dependencies: [
            "MiniBotDialer",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "MiniBotAudioTools", dependencies: ["MiniBotAudio"]),
        .target(name: "MiniBotTelephony", dependencies: [
            "MiniBotCallModel", "MiniBotAudio",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Faithful fakes of the PBXs' wire protocols (FreeSWITCH Event Socket, Asterisk ARI) for tests.
        .target(name: "MiniBotTestKit", dependencies: [
            "MiniBotTelephony", "MiniBotAudio",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Streaming engines (Deepgram, vosk-server) speak WebSocket through MiniBotTelephony's client;
        // Language: the chat messages the language-model clients send (prompts are built in the pure cores).
        .target(name: "MiniBotSpeech", dependencies: [
            "MiniBotAudio", "MiniBotLanguage", "MiniBotTelephony",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The long-lived service: REST API, dashboard, Prometheus metrics, configuration.
        .target(name: "MiniBotServer", dependencies: [
            "MiniBotStorage", "MiniBotDialer", "MiniBotDispatch", "MiniBotDialogue", "MiniBotCalls", "MiniBotOutbound",
            "MiniBotTelephony", "MiniBotSpeech", "MiniBotLanguage",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "Configuration", package: "swift-configuration"),
            .product(name: "SystemPackage", package: "swift-system"),
            .product(name: "Logging", package: "swift-log"),
        ], resources: [.copy("Dashboard")]),
        .executableTarget(name: "minibot", dependencies: [
            "MiniBotAudio", "MiniBotAudioTools", "MiniBotLanguage", "MiniBotDialogue",
            "MiniBotDialer", "MiniBotTelephony", "MiniBotSpeech", "MiniBotStorage", "MiniBotDispatch", "MiniBotCalls", "MiniBotOutbound",
            "MiniBotServer",
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        .executableTarget(
            name: "MiniBotBenchmarks",
            dependencies: [
                "MiniBotAudio", "MiniBotLanguage", "MiniBotDialogue", "MiniBotDialer", "MiniBotTelephony", "MiniBotSpeech",
                "MiniBotStorage", "MiniBotCalls", "MiniBotServer", "MiniBotOutbound", "MiniBotTestKit",
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Benchmarks/MiniBotBenchmarks"
        ),

        .testTarget(name: "MiniBotCallModelTests", dependencies: ["MiniBotCallModel"]),
        .testTarget(name: "MiniBotAudioTests", dependencies: ["MiniBotAudio"], resources: [.copy("Fixtures")]),
        .testTarget(name: "MiniBotAudioToolsTests", dependencies: ["MiniBotAudioTools", "MiniBotAudio"]),
        .testTarget(name: "MiniBotLanguageTests", dependencies: ["MiniBotLanguage"]),
        .testTarget(name: "MiniBotDialogueTests", dependencies: ["MiniBotDialogue", "MiniBotLanguage"]),
        .testTarget(name: "MiniBotDialerTests", dependencies: ["MiniBotDialer"]),
        .testTarget(name: "MiniBotTelephonyTests", dependencies: [
            "MiniBotTelephony", "MiniBotAudio",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOEmbedded", package: "swift-nio"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
            "MiniBotTestKit",
        ]),
        .testTarget(name: "MiniBotSpeechTests", dependencies: [
            "MiniBotSpeech", "MiniBotAudio", "MiniBotLanguage", "MiniBotTestKit",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
        ]),
        .testTarget(name: "MiniBotCallsTests", dependencies: [
            "MiniBotCalls", "MiniBotTelephony", "MiniBotSpeech", "MiniBotDialogue", "MiniBotLanguage", "MiniBotAudio", "MiniBotTestKit",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "MiniBotStorageTests", dependencies: [
            "MiniBotStorage", "MiniBotDialer",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "MiniBotDispatchTests", dependencies: [
            "MiniBotDispatch", "MiniBotStorage", "MiniBotDialer",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "MiniBotServerTests", dependencies: [
            "MiniBotServer", "MiniBotStorage", "MiniBotDialer", "MiniBotDialogue", "MiniBotOutbound", "MiniBotCalls",
            "MiniBotDispatch", "MiniBotTelephony", "MiniBotTestKit",
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "MiniBotOutboundTests", dependencies: [
            "MiniBotOutbound", "MiniBotStorage", "MiniBotDispatch", "MiniBotDialer", "MiniBotTestKit", "MiniBotTelephony",
            "MiniBotSpeech", "MiniBotCalls", "MiniBotDialogue",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Against a real Asterisk (scripts/asterisk-throwaway.sh); skipped with the reason when none runs.
        .testTarget(name: "MiniBotRealAsteriskTests", dependencies: [
            "MiniBotOutbound", "MiniBotStorage", "MiniBotDispatch", "MiniBotDialer", "MiniBotTelephony",
            "MiniBotSpeech", "MiniBotCalls", "MiniBotDialogue", "MiniBotLanguage", "MiniBotAudio",
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "MinibotCLITests", dependencies: [
            "MiniBotAudio", "MiniBotLanguage", "MiniBotStorage", "MiniBotDialer", "MiniBotTestKit", .product(name: "Logging", package: "swift-log"),
        ]),
        // A real FreeSWITCH 1.10 + mod_audio_stream (scripts/freeswitch-throwaway.sh); skipped without it.
        .testTarget(name: "MiniBotRealFreeSwitchTests", dependencies: [
            "MiniBotTelephony", "MiniBotStorage", "MiniBotDialer", "MiniBotOutbound",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)

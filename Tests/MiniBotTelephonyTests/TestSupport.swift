import Foundation
import Logging
import NIOCore
import Synchronization

/// Builds AudioSocket wire bytes by hand (independently of the encoder under test).
func wire(kind: UInt8, payload: [UInt8]) -> [UInt8] {
    [kind, UInt8(payload.count >> 8), UInt8(payload.count & 0xff)] + payload
}

/// Little-endian bytes of samples, written out by hand.
func littleEndianBytes(_ samples: [Int16]) -> [UInt8] {
    samples.flatMap { sample -> [UInt8] in
        let bits = UInt16(bitPattern: sample)
        return [UInt8(bits & 0xff), UInt8(bits >> 8)]
    }
}

/// A recognisable 20 ms frame: sample j of frame i is `seed + i * 160 + j`, never 0.
func rampFrame(_ index: Int, seed: Int = 1) -> [Int16] {
    (0..<160).map { Int16(truncatingIfNeeded: seed + index * 160 + $0) }
}

/// UUID 01020304-0506-0708-090a-0b0c0d0e0f10 and its 16 wire bytes.
let sampleUUID = UUID(uuidString: "01020304-0506-0708-090A-0B0C0D0E0F10")!
let sampleUUIDBytes: [UInt8] = Array(1...16)

extension ByteBuffer {
    init(bytes array: [UInt8]) {
        self = ByteBufferAllocator().buffer(bytes: array)
    }
}

/// swift-log backend that keeps records in memory so tests can assert on log lines.
final class RecordingLogHandlerStore: Sendable {
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: [String: String]
    }

    private let storage = Mutex<[Record]>([])

    var records: [Record] { storage.withLock { $0 } }

    func append(_ record: Record) { storage.withLock { $0.append(record) } }

    func logger(label: String = "test") -> Logger {
        Logger(label: label) { _ in RecordingLogHandler(store: self) }
    }
}

struct RecordingLogHandler: LogHandler {
    let store: RecordingLogHandlerStore
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        event.metadata?.forEach { merged[$0.key] = $0.value }
        store.append(.init(level: event.level, message: "\(event.message)",
                           metadata: merged.mapValues { "\($0)" }))
    }
}

import Dispatch
import Foundation
import Synchronization

/// The one thread that writes every call's recording blocks to disk, in order per file.
///
/// Why one writer: a full recording block is 32 KiB once a second per call; written from the
/// call's own thread (the connection's event loop) a slow disk would stall every call on that
/// loop. A serial queue keeps each file's blocks in order and lets ``CallRecorder/close()`` wait
/// for its own file only as long as the queue ahead of it.
final class RecordingWriter: Sendable {
    static let shared = RecordingWriter()
    private let queue = DispatchQueue(label: "minibot.recording-writer", qos: .utility)

    func write(_ work: @escaping @Sendable () -> Void) {
        queue.async(execute: work)
    }

    func sync<T>(_ work: () throws -> T) rethrows -> T {
        try queue.sync(execute: work)
    }

    /// One open recording file, touched only on the writer's queue (the error also from the owner).
    final class File: @unchecked Sendable {
        private let handle: FileHandle
        let path: String
        private let failure = Mutex<RecordingError?>(nil)
        private var open = true

        init(handle: FileHandle, path: String) {
            self.handle = handle
            self.path = path
        }

        /// Throws the first write error (the recording is then disabled by its owner).
        func check() throws {
            if let error = failure.withLock({ $0 }) { throw error }
        }

        /// On the writer's queue: the first `count` samples of `block` (already stored little-endian).
        func append(_ block: [Int16], count: Int) {
            guard open, failure.withLock({ $0 == nil }) else { return }
            do {
                try block.withUnsafeBufferPointer { samples in
                    let bytes = UnsafeRawBufferPointer(start: samples.baseAddress, count: count * 2)
                    try handle.write(contentsOf: bytes)
                }
            } catch {
                fail(error)
            }
        }

        /// On the writer's queue: fixes the RIFF and data sizes and closes the file.
        func finish(totalBytes: Int) throws {
            try check()
            guard open else { return }
            open = false
            do {
                let fields = StereoWAVHeader.sizeFields(totalBytes: totalBytes)
                try handle.seek(toOffset: 4)
                try handle.write(contentsOf: fields.riff)
                try handle.seek(toOffset: 40)
                try handle.write(contentsOf: fields.data)
                try handle.close()
            } catch {
                try? handle.close()
                throw RecordingError(path: path, reason: "\(error)")
            }
        }

        /// On the writer's queue: closes without fixing the header (the recorder was dropped unclosed).
        func abandon() {
            guard open else { return }
            open = false
            try? handle.close()
        }

        private func fail(_ error: any Error) {
            failure.withLock { $0 = $0 ?? RecordingError(path: path, reason: "\(error)") }
            open = false
            try? handle.close()
        }
    }
}

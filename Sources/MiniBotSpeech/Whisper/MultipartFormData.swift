/// A `multipart/form-data` body (RFC 7578) for the transcription upload: text fields and one file.
/// The boundary is chosen by the caller so bodies are reproducible in tests.
/// ```swift
/// var form = MultipartFormData(boundary: "minibot-1")
/// form.addField(name: "model", value: "whisper-1")
/// form.addFile(name: "file", filename: "utterance.wav", contentType: "audio/wav", bytes: wav)
/// request.headers.add(name: "Content-Type", value: form.contentType)
/// ```
struct MultipartFormData: Sendable {
    let boundary: String
    private(set) var body: [UInt8] = []

    init(boundary: String) {
        self.boundary = boundary
    }

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    mutating func addField(name: String, value: String) {
        appendPartHeader("Content-Disposition: form-data; name=\"\(Self.escape(name))\"\r\n")
        body.append(contentsOf: Array(value.utf8))
        body.append(contentsOf: Array("\r\n".utf8))
    }

    mutating func addFile(name: String, filename: String, contentType: String, bytes: [UInt8]) {
        appendPartHeader(
            "Content-Disposition: form-data; name=\"\(Self.escape(name))\"; filename=\"\(Self.escape(filename))\"\r\n"
                + "Content-Type: \(contentType)\r\n")
        body.append(contentsOf: bytes)
        body.append(contentsOf: Array("\r\n".utf8))
    }

    /// The body with its closing delimiter.
    func finished() -> [UInt8] {
        body + Array("--\(boundary)--\r\n".utf8)
    }

    private mutating func appendPartHeader(_ headers: String) {
        body.append(contentsOf: Array("--\(boundary)\r\n\(headers)\r\n".utf8))
    }

    private static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }
}

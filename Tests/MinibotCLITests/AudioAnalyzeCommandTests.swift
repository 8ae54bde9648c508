import Foundation
import Testing

/// `minibot audio analyze --json` on files built with espeak-ng and sox.
@Suite struct AudioAnalyzeCommandTests {
    static let toolsPresent = Shell.which("espeak-ng") != nil && Shell.which("sox") != nil

    /// Makes `name` from sox pieces: speech ("say:TEXT"), silence ("silence:SECONDS") or DTMF ("dtmf:DIGIT").
    static func compose(_ pieces: [String], into dir: TemporaryDirectory, name: String) throws -> String {
        let sox = try #require(Shell.which("sox"))
        let espeak = try #require(Shell.which("espeak-ng"))
        var parts: [String] = []
        for (index, piece) in pieces.enumerated() {
            let part = dir.path("part\(index).wav")
            let (kind, value) = (piece.prefix { $0 != ":" }, String(piece.drop { $0 != ":" }.dropFirst()))
            switch kind {
            case "say":
                let raw = dir.path("raw\(index).wav")
                try Shell.run(espeak, ["-v", "fr", "-w", raw, value])
                try Shell.run(sox, [raw, "-r", "8000", "-c", "1", "-b", "16", part])
            case "silence":
                try Shell.run(sox, ["-n", "-r", "8000", "-c", "1", "-b", "16", part, "trim", "0", value])
            default: // dtmf
                let (low, high) = Self.dtmfPair[value] ?? (697, 1209)
                try Shell.run(sox, ["-n", "-r", "8000", "-c", "1", "-b", "16", part, "synth", "0.12", "sine", "\(low)", "sine", "\(high)",
                                    "remix", "1,2", "vol", "0.25"])
            }
            parts.append(part)
        }
        let output = dir.path(name)
        try Shell.run(sox, parts + [output])
        return output
    }

    static let dtmfPair: [String: (Int, Int)] = ["1": (697, 1209), "5": (770, 1336), "9": (852, 1477), "#": (941, 1477)]

    @Test(.enabled(if: toolsPresent, "needs espeak-ng and sox"))
    func shortHelloThenSilenceIsHumanWithOneSegment() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let file = try Self.compose(["silence:0.4", "say:Allô ?", "silence:3"], into: dir, name: "hello.wav")
        let result = try Minibot.run(["audio", "analyze", "--json", file])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let speech = try #require(object["speech"] as? [[String: Int]])
        #expect(speech.count == 1)
        #expect((speech.first?["start_ms"] ?? 0) >= 300 && (speech.first?["start_ms"] ?? 0) <= 700)
        let amd = try #require(object["amd"] as? [String: Any])
        #expect(amd["verdict"] as? String == "HUMAN")
        #expect(amd["cause"] as? String == "HUMAN")
        #expect((object["dtmf"] as? [Any])?.isEmpty == true)
    }

    @Test(.enabled(if: toolsPresent, "needs espeak-ng and sox"))
    func silenceIsInitialSilenceMachineAndDigitsAreFoundInOrder() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        let quiet = try Self.compose(["silence:3"], into: dir, name: "quiet.wav")
        let quietResult = try Minibot.run(["audio", "analyze", "--json", quiet])
        #expect(quietResult.stdout.contains("\"verdict\":\"MACHINE\""))
        #expect(quietResult.stdout.contains("\"cause\":\"INITIALSILENCE\""))

        let digits = try Self.compose(["silence:0.3", "dtmf:1", "silence:0.2", "dtmf:5", "silence:0.2", "dtmf:9", "silence:0.2", "dtmf:#",
                                       "silence:0.5"], into: dir, name: "digits.wav")
        let result = try Minibot.run(["audio", "analyze", "--json", digits])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let found = try #require(object["dtmf"] as? [[String: Any]])
        #expect(found.compactMap { $0["digit"] as? String } == ["1", "5", "9", "#"])
        let times = found.compactMap { $0["ms"] as? Int }
        #expect(times == times.sorted())
        #expect(abs((times.first ?? 0) - 300) <= 60)
    }

    @Test func unreadableFileIsAClearError() throws {
        let dir = try TemporaryDirectory()
        defer { dir.cleanup() }
        FileManager.default.createFile(atPath: dir.path("x.wav"), contents: Data("nope".utf8))
        let result = try Minibot.run(["audio", "analyze", dir.path("x.wav")])
        #expect(result.status != 0)
        #expect(result.stderr.contains("x.wav"))
    }
}

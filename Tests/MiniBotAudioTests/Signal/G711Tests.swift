import Testing
@testable import MiniBotAudio

/// G.711 against golden vectors from CPython's `audioop` (ITU-T G.711 reference algorithm).
@Suite struct G711Tests {
    let golden: SignalFixtures.Golden
    let everySample: [Int16] = (-32_768...32_767).map { Int16($0) }

    init() throws { golden = try SignalFixtures.golden() }

    @Test func goldenVectorsHaveTheDocumentedSizes() {
        #expect(golden.ulawEncode.count == 65_536)
        #expect(golden.alawEncode.count == 65_536)
        #expect(golden.ulawDecode.count == 256)
        #expect(golden.alawDecode.count == 256)
    }

    @Test func ulawEncodesEverySampleLikeTheReference() {
        let scalar = everySample.map { G711.ulawEncode($0) }
        #expect(scalar == golden.ulawEncode)
        #expect(G711.ulawEncode(everySample) == golden.ulawEncode)
    }

    @Test func alawEncodesEverySampleLikeTheReference() {
        let scalar = everySample.map { G711.alawEncode($0) }
        #expect(scalar == golden.alawEncode)
        #expect(G711.alawEncode(everySample) == golden.alawEncode)
    }

    @Test func ulawDecodesEveryCodeLikeTheReference() {
        let codes = (0...255).map { UInt8($0) }
        #expect(codes.map { G711.ulawDecode($0) } == golden.ulawDecode)
        #expect(G711.ulawDecode(codes) == golden.ulawDecode)
    }

    @Test func alawDecodesEveryCodeLikeTheReference() {
        let codes = (0...255).map { UInt8($0) }
        #expect(codes.map { G711.alawDecode($0) } == golden.alawDecode)
        #expect(G711.alawDecode(codes) == golden.alawDecode)
    }

    @Test func decodedValuesSurviveAnotherEncodeDecodePass() {
        for code in 0...255 {
            let ulaw = G711.ulawDecode(UInt8(code))
            #expect(G711.ulawDecode(G711.ulawEncode(ulaw)) == ulaw, "µ-law code \(code)")
            let alaw = G711.alawDecode(UInt8(code))
            #expect(G711.alawDecode(G711.alawEncode(alaw)) == alaw, "A-law code \(code)")
        }
    }

    @Test func silenceHasTheWellKnownIdleCodes() {
        // The idle patterns every PBX sends: 0xFF for µ-law, 0xD5 for A-law.
        #expect(G711.ulawEncode(0) == 0xFF)
        #expect(G711.alawEncode(0) == 0xD5)
    }

    @Test func emptyFramesStayEmpty() {
        #expect(G711.ulawEncode([Int16]()).isEmpty)
        #expect(G711.alawDecode([UInt8]()).isEmpty)
    }
}

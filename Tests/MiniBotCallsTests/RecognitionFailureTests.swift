@testable import MiniBotCalls
import MiniBotSpeech
import Testing

/// What the recognition task caught, typed once for the controller.
@Suite("Recognition failure")
struct RecognitionFailureTests {
    struct TransportHiccup: Error, CustomStringConvertible {
        var description: String { "connection reset" }
    }

    @Test func engineErrorsKeepTheirCase() {
        #expect(RecognitionFailure(RecognitionError.timeout) == .engine(.timeout))
        #expect(RecognitionFailure(RecognitionError.server(status: 503, message: "busy")) == .engine(.server(status: 503, message: "busy")))
        #expect(RecognitionFailure(RecognitionFailure.cancelled) == .cancelled)
    }

    @Test func cancellationAndUnclassifiedErrors() {
        #expect(RecognitionFailure(CancellationError()) == .cancelled)
        #expect(RecognitionFailure(TransportHiccup()) == .unclassified("connection reset"))
    }

    @Test func descriptionsReadLikeTheEngineError() {
        #expect(RecognitionFailure.engine(.timeout).description == RecognitionError.timeout.description)
        #expect(RecognitionFailure.unclassified("connection reset").description == "speech recognition failed: connection reset")
        #expect(RecognitionFailure.cancelled.description == "speech recognition cancelled")
    }
}

import NIOCore

extension CallProtocolError {
    /// What an AudioSocket channel caught, typed once: the decoder's errors are malformed frames,
    /// the handler's UUID timer is `noUUID`; anything else is a connection failure (its text).
    /// ```swift
    /// CallProtocolError(closing: AudioSocketDecodingError.unknownKind(0x19)) // .malformedFrame(.unknownKind(0x19))
    /// ```
    init(closing error: any Error) {
        switch error {
        case let error as CallProtocolError:
            self = error
        case let error as AudioSocketDecodingError:
            self = .malformedFrame(error)
        case let error as AudioSocketProtocolError:
            switch error {
            case .noUUID(let timeout): self = .noUUID(timeout: .nanoseconds(timeout.nanoseconds))
            case .closedBeforeUUID: self = .connectionFailed(error.description)
            }
        default:
            self = .connectionFailed(String(describing: error))
        }
    }
}

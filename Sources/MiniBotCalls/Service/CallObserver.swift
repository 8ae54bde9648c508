import MiniBotTelephony

/// Watches the calls of a line for monitoring (Prometheus metrics, `/stats/performance`)
/// without the call engine knowing about metrics backends.
public protocol CallObserver: Sendable {
    /// A line's AudioSocket listener started; its pacing counters count until ``lineClosed(_:)``.
    func lineOpened(_ statistics: AudioSocketStatistics)
    func lineClosed(_ statistics: AudioSocketStatistics)
    /// A call finished with this report (reaction times, result, AMD…).
    func callEnded(_ report: CallReport)
}

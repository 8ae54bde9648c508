/// The inner loop of `Resampler`: one sub-filter dot product per output sample, in
/// 8-wide SIMD (the taps per phase are a multiple of 8).
extension Resampler {
    mutating func produce(into output: inout [Int16]) {
        let taps = filter.tapsPerPhase
        let (up, phases) = (self.up, filter.phases)
        // Walk the upsampled grid as (input index, phase offset): no division per output.
        let (stepWhole, stepFraction) = down.quotientAndRemainder(dividingBy: up)
        var (newest, offset) = position.quotientAndRemainder(dividingBy: up)
        // `newest` only grows; the history kept by `discardConsumedInput` guarantees a full window.
        guard newest >= taps - 1 else { return }
        let ranges = filter.activeBlocks
        pending.withUnsafeBufferPointer { input in
            filter.coefficients.withUnsafeBufferPointer { coefficients in
                guard let inputBase = input.baseAddress, let coefficientBase = coefficients.baseAddress else { return }
                while newest < input.count {
                    let phase = phases == up ? offset : offset * phases / up
                    let skipped = ranges[phase].lowerBound * 8
                    let window = inputBase + (newest - taps + 1 + skipped)
                    let value = Self.dot(coefficientBase + (phase * taps + skipped), window, count: ranges[phase].count * 8)
                    output.append(Self.saturatingSample(value))
                    newest += stepWhole
                    offset += stepFraction
                    if offset >= up {
                        offset -= up
                        newest += 1
                    }
                }
            }
        }
        position = newest * up + offset
    }

    /// Drops input no future output needs, keeping `tapsPerPhase - 1` samples of history.
    mutating func discardConsumedInput() {
        let firstNeeded = position / up - (filter.tapsPerPhase - 1)
        let drop = max(0, min(firstNeeded, pending.count))
        if drop > 0 {
            pending.removeFirst(drop)
            position -= drop * up
        }
    }

    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        let rawA = UnsafeRawPointer(a)
        let rawB = UnsafeRawPointer(b)
        let stride = MemoryLayout<SIMD8<Float>>.stride
        var sum0 = SIMD8<Float>()
        var sum1 = SIMD8<Float>()
        var sum2 = SIMD8<Float>()
        var sum3 = SIMD8<Float>()
        var block = 0
        let blocks = count / 8
        @inline(__always) func product(_ block: Int) -> SIMD8<Float> {
            rawA.loadUnaligned(fromByteOffset: block * stride, as: SIMD8<Float>.self)
                * rawB.loadUnaligned(fromByteOffset: block * stride, as: SIMD8<Float>.self)
        }
        while block + 4 <= blocks {
            sum0 += product(block)
            sum1 += product(block + 1)
            sum2 += product(block + 2)
            sum3 += product(block + 3)
            block += 4
        }
        while block < blocks {
            sum0 += product(block)
            block += 1
        }
        return ((sum0 + sum1) + (sum2 + sum3)).sum()
    }

    /// Nearest Int16, saturating at the rails.
    @inline(__always)
    static func saturatingSample(_ value: Float) -> Int16 {
        let clamped = min(max(value, -32_768), 32_767)
        return Int16(clamped + (clamped < 0 ? -0.5 : 0.5))
    }
}

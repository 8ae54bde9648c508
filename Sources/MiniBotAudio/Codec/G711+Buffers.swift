/// Whole-frame G.711 conversions through lookup tables: one load per sample, so a 20 ms
/// frame (160 samples) converts in well under a microsecond.
extension G711 {
    /// Encode tables indexed by `Int(sample) + 32768`, and decode tables indexed by code.
    static let ulawEncodeTable: [UInt8] = (-32_768...32_767).map { ulawEncode(Int16($0)) }
    static let alawEncodeTable: [UInt8] = (-32_768...32_767).map { alawEncode(Int16($0)) }
    static let ulawDecodeTable: [Int16] = (0...255).map { ulawDecode(UInt8($0)) }
    static let alawDecodeTable: [Int16] = (0...255).map { alawDecode(UInt8($0)) }

    /// µ-law codes of `samples`, one byte per sample.
    public static func ulawEncode(_ samples: [Int16]) -> [UInt8] {
        encode(samples, table: ulawEncodeTable)
    }

    /// Linear samples of µ-law `codes`.
    public static func ulawDecode(_ codes: [UInt8]) -> [Int16] {
        decode(codes, table: ulawDecodeTable)
    }

    /// A-law codes of `samples`, one byte per sample.
    public static func alawEncode(_ samples: [Int16]) -> [UInt8] {
        encode(samples, table: alawEncodeTable)
    }

    /// Linear samples of A-law `codes`.
    public static func alawDecode(_ codes: [UInt8]) -> [Int16] {
        decode(codes, table: alawDecodeTable)
    }

    private static func encode(_ samples: [Int16], table: [UInt8]) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: samples.count) { output, count in
            table.withUnsafeBufferPointer { table in
                samples.withUnsafeBufferPointer { input in
                    for index in input.indices {
                        output[index] = table[Int(input[index]) &+ 32_768]
                    }
                }
            }
            count = samples.count
        }
    }

    private static func decode(_ codes: [UInt8], table: [Int16]) -> [Int16] {
        [Int16](unsafeUninitializedCapacity: codes.count) { output, count in
            table.withUnsafeBufferPointer { table in
                codes.withUnsafeBufferPointer { input in
                    for index in input.indices {
                        output[index] = table[Int(input[index])]
                    }
                }
            }
            count = codes.count
        }
    }
}

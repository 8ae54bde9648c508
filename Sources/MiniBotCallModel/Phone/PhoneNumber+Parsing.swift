extension PhoneNumber {
    /// Overseas ranges of the French national plan, keyed by the first three national digits
    /// (after the trunk 0), with the ITU country code they are dialled with.
    static let overseasRanges: [String: String] = [
        "262": "262", "263": "262", "269": "262", "692": "262", "693": "262", "639": "262",
        "590": "590", "690": "590", "691": "590",
        "594": "594", "694": "594",
        "596": "596", "696": "596", "697": "596",
    ]
    static let overseasCountryCodes: Set<String> = ["262", "590", "594", "596"]

    /// The byte-level parser the CSV importer hands raw field bytes to (digits are ASCII in both
    /// UTF-8 and Latin-1). Not generic, so the parser is specialised here, not per caller.
    public static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>, original: @autoclosure () -> String)
        throws(PhoneNumberError) -> PhoneNumber
    {
        try parseBytes(utf8: bytes, original: original())
    }

    /// The byte-level parser shared by `init(parsing:)` and ``parse(utf8:original:)``.
    static func parseBytes<Bytes: Sequence>(utf8 bytes: Bytes, original: @autoclosure () -> String)
        throws(PhoneNumberError) -> PhoneNumber where Bytes.Element == UInt8
    {
        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        var plus = false
        var letters = false
        var badCharacter = false
        var misplacedPlus = false
        var sawAnything = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits.append(byte &- UInt8(ascii: "0"))
                sawAnything = true
            case UInt8(ascii: " "), 0x09, UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "/"),
                 UInt8(ascii: "("), UInt8(ascii: ")"), 0xA0, 0xC2, UInt8(ascii: "\""), UInt8(ascii: "'"):
                continue
            case UInt8(ascii: "+"):
                if plus || !digits.isEmpty { misplacedPlus = true } else { plus = true }
                sawAnything = true
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), 0x80...0xFF:
                letters = true
                sawAnything = true
            default:
                badCharacter = true
                sawAnything = true
            }
        }
        if letters { throw PhoneNumberError(.letters, value: original()) }
        if badCharacter { throw PhoneNumberError(.invalidCharacter, value: original()) }
        if misplacedPlus { throw PhoneNumberError(.misplacedPlus, value: original()) }
        if digits.isEmpty { throw PhoneNumberError(sawAnything ? .tooShort : .empty, value: original()) }

        if plus {
            return try international(digits[...], original: original())
        }
        if digits.count >= 2, digits[0] == 0, digits[1] == 0 {
            return try international(digits.dropFirst(2), original: original())
        }
        if digits[0] == 0 {
            return try national(digits.dropFirst(1), original: original())
        }
        if digits.count == 11, digits[0] == 3, digits[1] == 3 {
            return try international(digits[...], original: original())
        }
        if digits.count == 9 {
            // "612345678": a spreadsheet dropped the leading zero of a French number.
            return try national(digits[...], original: original())
        }
        throw PhoneNumberError(digits.count < 9 ? .tooShort : .notFrench, value: original())
    }

    private static func international(_ digits: ArraySlice<UInt8>, original: String)
        throws(PhoneNumberError) -> PhoneNumber
    {
        if digits.count >= 2, digits.first == 3, digits[digits.startIndex + 1] == 3 {
            var rest = digits.dropFirst(2)
            if rest.first == 0, rest.count == 10 { rest = rest.dropFirst() } // "+33 (0)6…"
            return try national(rest, original: original)
        }
        if digits.count >= 3 {
            let code = ascii(digits.prefix(3))
            if overseasCountryCodes.contains(code) {
                var rest = digits.dropFirst(3)
                if rest.first == 0, rest.count == 10 { rest = rest.dropFirst() }
                guard rest.count >= 9 else { throw PhoneNumberError(.tooShort, value: original) }
                guard rest.count <= 9 else { throw PhoneNumberError(.tooLong, value: original) }
                return PhoneNumber(e164: "+" + code + ascii(rest), kind: kind(ofNational: rest), region: .overseas)
            }
        }
        guard digits.count >= 8 else { throw PhoneNumberError(.tooShort, value: original) }
        guard digits.count <= 15 else { throw PhoneNumberError(.tooLong, value: original) }
        guard digits.first != 0 else { throw PhoneNumberError(.notFrench, value: original) }
        return PhoneNumber(e164: "+" + ascii(digits), kind: .international, region: .foreign)
    }

    /// `national` is the 9-digit French number without its trunk 0.
    private static func national(_ national: ArraySlice<UInt8>, original: String)
        throws(PhoneNumberError) -> PhoneNumber
    {
        guard national.count >= 9 else { throw PhoneNumberError(.tooShort, value: original) }
        guard national.count <= 9 else { throw PhoneNumberError(.tooLong, value: original) }
        guard national.first != 0 else { throw PhoneNumberError(.notFrench, value: original) }
        let digits = ascii(national)
        if let code = overseasRanges[String(digits.prefix(3))] {
            return PhoneNumber(e164: "+" + code + digits, kind: kind(ofNational: national), region: .overseas)
        }
        return PhoneNumber(e164: "+33" + digits, kind: kind(ofNational: national), region: .metropolitan)
    }

    private static func kind(ofNational national: ArraySlice<UInt8>) -> Kind {
        switch national.first ?? 0 {
        case 6, 7: return .mobile
        case 8:
            let second = national.dropFirst().first ?? 0
            return second == 9 ? .premium : .specialService
        case 9: return .nonGeographic
        default: return .landline
        }
    }

    private static func ascii(_ digits: ArraySlice<UInt8>) -> String {
        String(decoding: digits.lazy.map { $0 &+ UInt8(ascii: "0") }, as: UTF8.self)
    }
}

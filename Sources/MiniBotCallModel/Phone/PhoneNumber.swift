/// A telephone number normalised to E.164, the one spelling the dialer, the duplicate
/// check and the opposition list (Bloctel) all compare on.
///
/// French contact files write the same number a dozen ways ("06 12 34 56 78",
/// "+33 (0)6.12.34.56.78", "0033612345678", "33612345678", and "612345678" after a
/// spreadsheet ate the leading zero); they must all become `+33612345678`, or the
/// same person is called twice and an opt-out misses.
///
/// ```swift
/// let number = try PhoneNumber(parsing: "06 12 34 56 78")
/// number.e164      // "+33612345678"
/// number.kind      // .mobile
/// ```
///
/// Overseas departments: a national number whose first digits are an overseas range
/// (0262/0263/0269/0692/0693/0639 → +262, 0590/0690/0691 → +590, 0594/0694 → +594,
/// 0596/0696/0697 → +596) is written with that country code, as the ITU assigns them
/// (Mayotte left +269 for +262 in 2007, so 0269 maps to +262). The same number written
/// "+33 692…" is mapped to "+262 692…" too, so duplicates still merge.
public struct PhoneNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    /// "+" followed by 8 to 15 digits.
    public let e164: String
    /// What kind of line this is (mobile, landline, premium-rate…).
    public let kind: Kind
    /// Where the number lives.
    public let region: Region

    /// Line kinds, from the French numbering plan (ARCEP) for French numbers.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// 06 / 07 (and overseas mobile ranges).
        case mobile
        /// 01–05 geographic numbers.
        case landline
        /// 09 non-geographic (VoIP boxes): a landline without a region.
        case nonGeographic = "non_geographic"
        /// 080–088: free-phone and shared-cost service numbers.
        case specialService = "special_service"
        /// 089: premium-rate; refused by the importer (a robot must not call them).
        case premium
        /// A foreign number kept as written.
        case international
    }

    /// Metropolitan France, a French overseas department, or abroad.
    public enum Region: String, Sendable, Codable {
        case metropolitan, overseas, foreign
    }

    public var isMobile: Bool { kind == .mobile }
    public var description: String { e164 }

    /// Parses any usual spelling; throws a `PhoneNumberError` whose `reason` tells the operator what is wrong.
    public init(parsing raw: String) throws(PhoneNumberError) {
        self = try PhoneNumber.parseBytes(utf8: raw.utf8, original: raw)
    }

    /// Rebuilds a number from a stored E.164 string (storage round trip).
    public init(e164: String) throws(PhoneNumberError) {
        guard e164.hasPrefix("+") else { throw PhoneNumberError(.notFrench, value: e164) }
        self = try PhoneNumber.parseBytes(utf8: e164.utf8, original: e164)
    }

    init(e164: String, kind: Kind, region: Region) {
        self.e164 = e164
        self.kind = kind
        self.region = region
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            self = try PhoneNumber(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                    debugDescription: "\(text): \(error.reason)"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(e164)
    }
}

/// Why a value is not a usable phone number. `reason` is the text shown in import reports.
public struct PhoneNumberError: Error, Hashable, Sendable {
    public enum Code: String, Sendable, Hashable {
        case empty, letters, invalidCharacter, tooShort, tooLong, notFrench, misplacedPlus
    }
    public let code: Code
    public let value: String

    public init(_ code: Code, value: String) {
        self.code = code
        self.value = value
    }

    public var reason: String {
        switch code {
        case .empty: "empty phone number"
        case .letters: "letters in number"
        case .invalidCharacter: "invalid character in number"
        case .tooShort: "too short"
        case .tooLong: "too long"
        case .notFrench: "not a French number (write foreign numbers with +country code)"
        case .misplacedPlus: "'+' must come first"
        }
    }
}

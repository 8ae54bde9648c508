import Foundation
import Testing
@testable import MiniBotDialer

@Suite("PhoneNumber normalisation")
struct PhoneNumberTests {
    @Test("French spellings normalise to one E.164", arguments: [
        ("0612345678", "+33612345678"),
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("06-12-34-56-78", "+33612345678"),
        ("+33612345678", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("0033 (0)6 12 34 56 78", "+33612345678"),
        ("33612345678", "+33612345678"),
        ("612345678", "+33612345678"),
        (" 01 42 68 53 00 ", "+33142685300"),
        ("09 70 12 34 56", "+33970123456"),
    ])
    func frenchSpellings(input: String, expected: String) throws {
        #expect(try PhoneNumber(parsing: input).e164 == expected)
    }

    @Test("Overseas departments map to their country codes", arguments: [
        ("0262 12 34 56", "+262262123456", PhoneNumber.Kind.landline),
        ("0692 12 34 56", "+262692123456", .mobile),
        ("0269 61 23 45", "+262269612345", .landline),
        ("0639 12 34 56", "+262639123456", .mobile),
        ("0590 12 34 56", "+590590123456", .landline),
        ("0690 12 34 56", "+590690123456", .mobile),
        ("0594 12 34 56", "+594594123456", .landline),
        ("0694 12 34 56", "+594694123456", .mobile),
        ("0596 12 34 56", "+596596123456", .landline),
        ("0696 12 34 56", "+596696123456", .mobile),
        ("+262 692 12 34 56", "+262692123456", .mobile),
        ("+33 692 12 34 56", "+262692123456", .mobile),
    ])
    func overseas(input: String, expected: String, kind: PhoneNumber.Kind) throws {
        let number = try PhoneNumber(parsing: input)
        #expect(number.e164 == expected)
        #expect(number.kind == kind)
        #expect(number.region == .overseas)
    }

    @Test("Kinds follow the French numbering plan", arguments: [
        ("0612345678", PhoneNumber.Kind.mobile), ("0712345678", .mobile), ("0142685300", .landline),
        ("0556123456", .landline), ("0970123456", .nonGeographic), ("0800123456", .specialService),
        ("0812345678", .specialService), ("0891234567", .premium), ("0899123456", .premium),
    ])
    func kinds(input: String, kind: PhoneNumber.Kind) throws {
        let number = try PhoneNumber(parsing: input)
        #expect(number.kind == kind)
        #expect(number.isMobile == (kind == .mobile))
        #expect(number.region == .metropolitan)
    }

    @Test("Plausible foreign numbers are kept", arguments: [
        ("+44 20 7946 0958", "+442079460958"), ("+32 2 123 45 67", "+3221234567"), ("0041 44 668 18 00", "+41446681800"),
    ])
    func international(input: String, expected: String) throws {
        let number = try PhoneNumber(parsing: input)
        #expect(number.e164 == expected)
        #expect(number.kind == .international)
        #expect(number.region == .foreign)
    }

    @Test("Invalid values carry a precise reason", arguments: [
        ("", PhoneNumberError.Code.empty, "empty phone number"),
        ("   ", .empty, "empty phone number"),
        ("12345", .tooShort, "too short"),
        ("06 12 34 56", .tooShort, "too short"),
        ("06 12 34 56 78 9", .tooLong, "too long"),
        ("06 12 AB 56 78", .letters, "letters in number"),
        ("tél 0612345678", .letters, "letters in number"),
        ("1234567890", .notFrench, "not a French number (write foreign numbers with +country code)"),
        ("+44 12", .tooShort, "too short"),
        ("+1234567890123456", .tooLong, "too long"),
        ("06#12345678", .invalidCharacter, "invalid character in number"),
        ("06+12345678", .misplacedPlus, "'+' must come first"),
        ("+33 12 34", .tooShort, "too short"),
    ])
    func invalid(input: String, code: PhoneNumberError.Code, reason: String) {
        #expect(throws: PhoneNumberError(code, value: input)) { try PhoneNumber(parsing: input) }
        #expect(PhoneNumberError(code, value: input).reason == reason)
    }

    @Test("Codable round trip through E.164")
    func codable() throws {
        let number = try PhoneNumber(parsing: "06 12 34 56 78")
        let data = try JSONEncoder().encode([number])
        #expect(String(decoding: data, as: UTF8.self) == #"["+33612345678"]"#)
        #expect(try JSONDecoder().decode([PhoneNumber].self, from: data) == [number])
        #expect(try PhoneNumber(e164: "+33612345678") == number)
    }
}

import Foundation
@testable import MiniBotDialer

/// Instants written as ISO 8601 with an explicit offset, parsed by Foundation (not by the code under test).
func at(_ iso: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    guard let date = formatter.date(from: iso) else { fatalError("bad test date \(iso)") }
    return date
}

let paris = TimeZone(identifier: "Europe/Paris")!

func phone(_ text: String) -> PhoneNumber {
    do { return try PhoneNumber(parsing: text) } catch { fatalError("bad test phone \(text): \(error.reason)") }
}

/// A contact with a dated consent (callable after 11 August 2026).
func consentingContact(_ number: String = "0612345678") -> Contact {
    Contact(phone: phone(number), legalBasis: .consent(on: CalendarDay(year: 2026, month: 1, day: 15), source: "web form"))
}

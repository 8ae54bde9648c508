import Foundation
import Testing
@testable import MiniBotDialer

@Suite("Campaign export")
struct CampaignExportTests {
    let record = CallRecord(
        callID: 12, callUUID: CallID("a5d8f2c4-0000-4000-8000-000000000001")!, campaignID: 1, phone: "+33612345678",
        firstName: "Hélène", status: .completed, result: .lead, durationSeconds: 38.46,
        startedAt: at("2025-11-07T10:30:00+01:00"), endedAt: at("2025-11-07T10:30:38+01:00"), amdResult: .human,
        sentiment: .positive, transcriptions: ["oui bonjour", "ça m'intéresse, \"vraiment\""], intents: ["affirm", "affirm"],
        recordingPath: "/rec/12.wav", notes: "rappeler\nlundi", retryCount: 1)

    @Test("UTF-8 with BOM, seed columns in order, CRLF, RFC 4180 quoting")
    func csv() {
        let bytes = CampaignExport.csv([record], timeZone: paris)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text == "call_id,call_uuid,phone,first_name,status,result,duration_seconds,started_at,ended_at,"
            + "amd_result,sentiment,transcriptions,intents,audio_file,notes,retry_count\r\n"
            + "12,a5d8f2c4-0000-4000-8000-000000000001,+33612345678,Hélène,COMPLETED,lead,38.5,2025-11-07 10:30:00,"
            + "2025-11-07 10:30:38,HUMAN,POSITIVE,\"oui bonjour | ça m'intéresse, \"\"vraiment\"\"\",affirm|affirm,"
            + "/rec/12.wav,\"rappeler\nlundi\",1\r\n")
    }

    @Test("Semicolon variant quotes on ';' instead of ','")
    func semicolon() {
        var r = record
        r.transcriptions = ["a, b", "c; d"]
        r.notes = ""
        let text = String(decoding: CampaignExport.csv([r], timeZone: paris, separator: ";").dropFirst(3), as: UTF8.self)
        #expect(text.contains(";\"a, b | c; d\";affirm|affirm;/rec/12.wav;;1\r\n"))
    }

    @Test("The export reads back through our own importer-grade CSV scanner")
    func roundTrip() throws {
        let bytes = CampaignExport.csv([record, record], timeZone: paris, separator: ";")
        var rows: [[String]] = []
        bytes.withUnsafeBufferPointer { buffer in
            CSVScanner(separator: UInt8(ascii: ";")).scan(buffer, from: 3) { _, fields, _ in
                rows.append(fields.map { CSVTextEncoding.utf8.decode(buffer, $0) })
            }
        }
        #expect(rows.count == 3)
        #expect(rows[0] == CampaignExport.columns)
        #expect(rows[1] == CampaignExport.row(record, timeZone: paris))
    }

    @Test("Spreadsheet formulas are neutralised, phone numbers are not")
    func formulaInjection() {
        #expect(CampaignExport.quote("=HYPERLINK(\"x\")", ",") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CampaignExport.quote("+33612345678", ",") == "+33612345678")
        #expect(CampaignExport.quote("@cmd", ",") == "'@cmd")
    }

    @Test("Summary text counts results and rates")
    func summary() {
        var second = record
        second.result = .notInterested
        second.sentiment = .negative
        let campaign = Campaign(id: 1, name: "Test Novembre", scenario: "rdv_energie", status: .completed,
                                startedAt: at("2025-11-07T10:30:00+01:00"))
        let text = CampaignExport.summary(campaign: campaign, records: [record, second], totalContacts: 3,
                                          now: at("2025-11-07T11:00:00+01:00"), timeZone: paris)
        #expect(text.contains("Campaign: Test Novembre (ID: 1)\n"))
        #expect(text.contains("  lead:                    1 (50.0%)\n"))
        #expect(text.contains("  not_interested:          1 (50.0%)\n"))
        #expect(text.contains("Conversion rate: 50.0%\n"))
        #expect(text.contains("Retries: 2\n"))
        #expect(text.contains("Sentiment: positive 1 (50.0%), neutral 0 (0.0%), negative 1 (50.0%)\n"))
        #expect(text.contains("Exported: 2025-11-07 11:00:00\n"))
    }
}

import Foundation

/// The one I/O entry point of this module: read a scenario file from disk.
///
///     let scenario = try Scenario.load(path: "scenarios/rdv_energie.json")
extension Scenario {
    public static func load(path: String) throws(ScenarioDecodingError) -> Scenario {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ScenarioDecodingError(path: "", message: "cannot read the file: \(error.localizedDescription)", file: path)
        }
        return try decode(text, file: path)
    }
}

import Foundation

/// Fills `{{name}}` placeholders in prompt texts from contact columns and scenario variables.
///
/// Unknown names render as an empty string: a robot must never read "accolade accolade
/// first name" to a caller. The validator warns about them instead.
///
///     TemplateRenderer.render("Bonjour {{first_name}}", ["first_name": "Jean"])  // "Bonjour Jean"
public enum TemplateRenderer {
    public static func render(_ template: String, _ variables: [String: String]) -> String {
        guard template.contains("{{") else { return template }
        var output = ""
        var rest = template[...]
        while let open = rest.range(of: "{{") {
            output += rest[..<open.lowerBound]
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else {
                output += rest[open.lowerBound...]
                return output
            }
            let name = afterOpen[..<close.lowerBound].trimmingSpaces()
            output += variables[name] ?? ""
            rest = afterOpen[close.upperBound...]
        }
        output += rest
        return tidySpaces(output)
    }

    /// An empty variable must not leave "bonjour Jean ." or "Jean  et" behind: collapse runs
    /// of spaces and drop a space before `.` or `,` (French keeps its space before `?`/`!`).
    static func tidySpaces(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            if character == " ", result.last == " " { continue }
            if character == "." || character == ",", result.last == " " { result.removeLast() }
            result.append(character)
        }
        return result[...].trimmingSpaces()
    }

    /// Placeholder names in a template, in order of appearance.
    public static func placeholders(in template: String) -> [String] {
        var names: [String] = []
        var rest = template[...]
        while let open = rest.range(of: "{{") {
            let afterOpen = rest[open.upperBound...]
            guard let close = afterOpen.range(of: "}}") else { break }
            names.append(afterOpen[..<close.lowerBound].trimmingSpaces())
            rest = afterOpen[close.upperBound...]
        }
        return names
    }

    /// Scenario variables rendered with the contact's columns, then the contact's columns on
    /// top (a contact's own `first_name` wins over a scenario default).
    public static func mergedVariables(scenario: [String: String], contact: [String: String]) -> [String: String] {
        var merged: [String: String] = [:]
        for (name, value) in scenario { merged[name] = render(value, contact) }
        for (name, value) in contact { merged[name] = value }
        return merged
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        var text = self
        while let first = text.first, first == " " { text = text.dropFirst() }
        while let last = text.last, last == " " { text = text.dropLast() }
        return String(text)
    }
}

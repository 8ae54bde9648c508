import Foundation

/// `GET /docs`: a readable page generated from the OpenAPI document itself (no CDN, no script),
/// so the documentation works on an offline call-centre network and never drifts from `/openapi.json`.
extension OpenAPIDocument {
    static func html() -> String {
        let document = (try? JSONSerialization.jsonObject(with: json)) as? Object ?? [:]
        let info = document["info"] as? Object ?? [:]
        let paths = document["paths"] as? Object ?? [:]
        var body = "<h1>\(escape(info["title"] as? String ?? "API"))</h1>\n<p>\(escape(info["description"] as? String ?? ""))</p>\n"
        body += "<p>Machine-readable: <a href=\"/openapi.json\">/openapi.json</a></p>\n"
        for path in paths.keys.sorted() {
            guard let operations = paths[path] as? Object else { continue }
            for method in ["get", "post", "patch", "put", "delete"] {
                guard let operation = operations[method] as? Object else { continue }
                let isPublic = (operation["security"] as? [Any])?.isEmpty == true
                body += "<section><h2><span class=\"m \(method)\">\(method.uppercased())</span> <code>\(escape(path))</code>"
                body += isPublic ? " <small>public</small>" : " <small>bearer token</small>"
                body += "</h2>\n<p>\(escape(operation["summary"] as? String ?? ""))</p>\n"
                if let parameters = operation["parameters"] as? [Object], !parameters.isEmpty {
                    body += "<table><tr><th>parameter</th><th>in</th><th>description</th></tr>\n"
                    for parameter in parameters {
                        body += "<tr><td><code>\(escape(parameter["name"] as? String ?? ""))</code></td>"
                            + "<td>\(escape(parameter["in"] as? String ?? ""))</td>"
                            + "<td>\(escape(parameter["description"] as? String ?? ""))</td></tr>\n"
                    }
                    body += "</table>\n"
                }
                if let request = operation["requestBody"] as? Object, let content = request["content"] as? Object {
                    body += "<p>Body: \(content.keys.sorted().map { "<code>\(escape($0))</code>" }.joined(separator: ", "))</p>\n"
                }
                if let responses = operation["responses"] as? Object {
                    body += "<ul>"
                    for code in responses.keys.sorted() {
                        let description = (responses[code] as? Object)?["description"] as? String ?? ""
                        body += "<li><b>\(escape(code))</b> \(escape(description))</li>"
                    }
                    body += "</ul>\n"
                }
                body += "</section>\n"
            }
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>MiniBotPanel API</title>
            <style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
            section{border-top:1px solid #ddd;padding:.5rem 0}h2{font-size:1.05rem}.m{display:inline-block;min-width:4rem;
            color:#fff;border-radius:3px;padding:0 .3rem;text-align:center}.get{background:#2a7}.post{background:#27a}
            .patch{background:#a72}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .4rem;text-align:left}
            small{color:#777;font-weight:normal}</style></head><body>
            \(body)</body></html>
            """
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

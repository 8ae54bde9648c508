import Foundation

/// The OpenAPI 3.0 description of the API, served at `/openapi.json` and rendered at `/docs`.
///
/// Hand-written next to the routes (one entry per ``APIRoute``; a test fails when a route is
/// missing) so the document says what the handlers really accept: snake_case keys, ISO-8601
/// dates and the one error shape.
enum OpenAPIDocument {
    typealias Object = [String: Any]

    static let json: Data = {
        (try? JSONSerialization.data(withJSONObject: document(), options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
    }()

    static func ref(_ name: String) -> Object { ["$ref": "#/components/schemas/\(name)"] }
    static func array(_ items: Object) -> Object { ["type": "array", "items": items] }
    static func string(_ description: String? = nil, format: String? = nil, nullable: Bool = false, values: [String]? = nil) -> Object {
        var schema: Object = ["type": "string"]
        if let description { schema["description"] = description }
        if let format { schema["format"] = format }
        if nullable { schema["nullable"] = true }
        if let values { schema["enum"] = values }
        return schema
    }
    static func integer(_ description: String? = nil, nullable: Bool = false) -> Object {
        var schema: Object = ["type": "integer"]
        if let description { schema["description"] = description }
        if nullable { schema["nullable"] = true }
        return schema
    }
    static func number(_ description: String? = nil, nullable: Bool = false) -> Object {
        var schema: Object = ["type": "number"]
        if let description { schema["description"] = description }
        if nullable { schema["nullable"] = true }
        return schema
    }
    static var boolean: Object { ["type": "boolean"] }
    static func counts(_ description: String) -> Object {
        ["type": "object", "description": description, "additionalProperties": ["type": "integer"]]
    }
    static func object(_ properties: Object, required: [String] = [], description: String? = nil) -> Object {
        var schema: Object = ["type": "object", "properties": properties]
        if !required.isEmpty { schema["required"] = required }
        if let description { schema["description"] = description }
        return schema
    }

    static func jsonContent(_ schema: Object) -> Object { ["application/json": ["schema": schema]] }
    static func response(_ description: String, _ schema: Object? = nil, type: String = "application/json") -> Object {
        guard let schema else { return ["description": description] }
        return ["description": description, "content": [type: ["schema": schema]]]
    }
    static func error(_ description: String) -> Object { response(description, ref("Error")) }
    static func pathParameter(_ name: String, _ description: String) -> Object {
        ["name": name, "in": "path", "required": true, "description": description, "schema": ["type": "string"]]
    }
    static func query(_ name: String, _ description: String, _ schema: Object) -> Object {
        ["name": name, "in": "query", "required": false, "description": description, "schema": schema]
    }

    static func operation(_ id: String, _ tag: String, _ summary: String, public isPublic: Bool = false,
                          parameters: [Object] = [], body: Object? = nil, responses: Object) -> Object {
        var op: Object = ["operationId": id, "tags": [tag], "summary": summary, "responses": responses]
        if !parameters.isEmpty { op["parameters"] = parameters }
        if let body { op["requestBody"] = body }
        if isPublic {
            op["security"] = [Object]()
        } else {
            var all = responses
            all["401"] = error("Missing or wrong bearer token (`WWW-Authenticate: Bearer`).")
            op["responses"] = all
        }
        return op
    }

    static func document() -> Object {
        [
            "openapi": "3.0.3",
            "info": [
                "title": "MiniBotPanel API",
                "version": "1.0.0",
                "description": "REST API of `minibot serve`: calls, campaigns, statistics, scenarios. "
                    + "Every route but `/health`, the dashboard and this documentation needs `Authorization: Bearer <API_PASSWORD>`. "
                    + "Errors always have the shape `{\"error\": {\"code\", \"message\", \"field\"}}`; dates are ISO-8601.",
            ] as Object,
            "servers": [["url": "/"]],
            "security": [["bearer": [String]()]],
            "tags": ["system", "calls", "campaigns", "stats", "scenarios"].map { ["name": $0] },
            "paths": paths(),
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer", "description": "API_PASSWORD"] as Object],
                "schemas": schemas(),
            ] as Object,
        ]
    }
}

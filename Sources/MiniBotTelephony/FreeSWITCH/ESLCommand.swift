import struct Foundation.UUID
import NIOCore

/// A command sent on the Event Socket: one line (plus optional headers) and a blank line.
///
/// Arguments are checked before anything is written: a newline inside an argument would let
/// the text be read as a second command, so it is refused with ``ESLCommandError``.
/// ```swift
/// try ESLCommand.api("uuid_break \(uuid) all").encoded()   // "api uuid_break … all\n\n"
/// ```
public enum ESLCommand: Sendable, Hashable {
    case auth(password: String)
    case api(String)
    /// `bgapi` with our own `Job-UUID`, so the BACKGROUND_JOB waiter exists before the reply.
    case bgapi(String, jobUUID: UUID)
    case event(format: ESLEventFormat, names: [String])
    case filter(header: String, value: String)
    case noEvents
    case exit

    /// Wire text, ending with the blank line.
    public func text() throws -> String {
        switch self {
        case .auth(let password): return "auth \(try Self.checked(password))\n\n"
        case .api(let command): return "api \(try Self.checked(command))\n\n"
        case .bgapi(let command, let job):
            return "bgapi \(try Self.checked(command))\nJob-UUID: \(job.uuidString.lowercased())\n\n"
        case .event(let format, let names):
            return "event \(format.rawValue) \(try names.map(Self.checked).joined(separator: " "))\n\n"
        case .filter(let header, let value): return "filter \(try Self.checked(header)) \(try Self.checked(value))\n\n"
        case .noEvents: return "noevents\n\n"
        case .exit: return "exit\n\n"
        }
    }

    public func encoded(allocator: ByteBufferAllocator = ByteBufferAllocator()) throws -> ByteBuffer {
        allocator.buffer(string: try text())
    }

    static func checked(_ argument: String) throws -> String {
        if argument.contains(where: { $0 == "\n" || $0 == "\r" }) { throw ESLCommandError.invalidArgument(argument) }
        return argument
    }
}

public enum ESLEventFormat: String, Sendable, Hashable {
    case plain, json
}

/// Why a command failed: bad argument, refused by FreeSWITCH, or the connection went away.
public enum ESLCommandError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidArgument(String)
    /// FreeSWITCH answered `-ERR …`; the text is its reason.
    case rejected(String)
    case notConnected
    /// The connection closed before the reply (or the job's result) arrived.
    case disconnected
    case authenticationFailed(String)
    case timedOut(String)

    public var description: String {
        switch self {
        case .invalidArgument(let text): "ESL argument contains a line break: \(text.debugDescription.prefix(80))"
        case .rejected(let reason): "FreeSWITCH refused: \(reason)"
        case .notConnected: "not connected to FreeSWITCH"
        case .disconnected: "FreeSWITCH connection closed before the reply"
        case .authenticationFailed(let reply): "FreeSWITCH refused the ESL password: \(reply)"
        case .timedOut(let command): "no reply from FreeSWITCH for '\(command.prefix(60))'"
        }
    }
}

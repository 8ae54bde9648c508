import MiniBotTelephony
import NIOCore
import NIOWebSocket

/// Masked client frames (RFC 6455), through ``PBXWebSocketClient``'s helpers.
enum PBXFrame {
    static func text(_ message: String) -> WebSocketFrame { PBXWebSocketClient.frame(.text, ByteBuffer(string: message)) }
    static func binary(_ data: ByteBuffer) -> WebSocketFrame { PBXWebSocketClient.frame(.binary, data) }
    static func pong(_ data: ByteBuffer) -> WebSocketFrame { PBXWebSocketClient.frame(.pong, data) }
    static func close() -> WebSocketFrame { PBXWebSocketClient.closeFrame() }
}

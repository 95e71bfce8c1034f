import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOHTTP1

/// HTTP/1.1 with the live feed's WebSocket upgrade, answering a first request that cannot be parsed (a control
/// character in a header, a space in a header's name) with 400 and closing the connection. The upgrade channel alone
/// leaves such a connection open without an answer, so a client could hold connections the server never answers;
/// later requests on a connection are Hummingbird's, which answers them so already.
struct UpgradableHTTPChannel: ServerChildChannel {
    let inner: HTTP1WebSocketUpgradeChannel

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<HTTP1WebSocketUpgradeChannel.Value> {
        inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
            try channel.pipeline.syncOperations.addHandler(FirstRequestErrorHandler())
            return value
        }
    }

    func handle(value: HTTP1WebSocketUpgradeChannel.Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

/// Answers 400 and closes when the first request cannot be parsed; steps aside once anything was read.
final class FirstRequestErrorHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    typealias OutboundOut = HTTPServerResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        let head = HTTPResponseHead(
            version: .http1_1, status: .badRequest, headers: ["Connection": "close", "Content-Length": "0"])
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with WebSocket upgrades routed by `router`, malformed first requests answered with 400.
    static func siaga<Builder: HTTPResponderBuilder & _HB_SendableMetatype>(webSocketRouter router: Builder)
        -> HTTPServerBuilder where Builder.Responder.Context: WebSocketRequestContext
    {
        let webSocketResponder = router.buildResponder()
        return HTTPServerBuilder { responder in
            UpgradableHTTPChannel(
                inner: HTTP1WebSocketUpgradeChannel(
                    responder: responder, webSocketResponder: webSocketResponder, configuration: .init()))
        }
    }
}

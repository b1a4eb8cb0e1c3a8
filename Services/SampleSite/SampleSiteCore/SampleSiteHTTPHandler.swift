import Foundation
import NIOCore
import NIOHTTP1

/// One connection's HTTP handler: collects a request, asks the server for the
/// response and writes it, honouring delays, chunking and HEAD. Everything
/// runs on the channel's event loop.
final class SampleSiteHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let server: SampleSiteServer
    private var head: HTTPRequestHead?

    init(server: SampleSiteServer) { self.server = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head): self.head = head
        case .body: break
        case .end:
            guard let head else { return }
            self.head = nil
            handle(context: context, head: head)
        }
    }

    private func handle(context: ChannelHandlerContext, head: HTTPRequestHead) {
        var headers: [String: String] = [:]
        for (name, value) in head.headers {
            let key = name.lowercased()
            headers[key] = headers[key].map { $0 + ", " + value } ?? value
        }
        let response = server.respond(method: head.method.rawValue, uri: head.uri, headers: headers)
        let isHead = head.method == .HEAD
        let keepAlive = head.isKeepAlive
        let version = head.version
        if response.delaySeconds > 0 {
            context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(response.delaySeconds * 1e9))) {
                self.send(response, context: context, version: version, isHead: isHead, keepAlive: keepAlive)
            }
        } else {
            send(response, context: context, version: version, isHead: isHead, keepAlive: keepAlive)
        }
    }

    private func send(
        _ response: SampleSiteResponse, context: ChannelHandlerContext, version: HTTPVersion, isHead: Bool,
        keepAlive: Bool
    ) {
        guard context.channel.isActive else { return }
        var headers = HTTPHeaders(response.headers)
        let length: Int
        switch response.body {
        case .bytes(let data): length = data.count
        case .repeating(_, let total): length = total
        }
        let bodyAllowed = response.status != 304 && response.status != 204 && !(100..<200).contains(response.status)
        if bodyAllowed {
            if response.declaresLength {
                headers.replaceOrAdd(name: "Content-Length", value: String(length))
            } else {
                headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
            }
        }
        headers.replaceOrAdd(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        headers.replaceOrAdd(name: "Server", value: "newswire-sample-site")
        let head = HTTPResponseHead(
            version: version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)

        guard bodyAllowed, !isHead, length > 0 else {
            finish(context: context, keepAlive: keepAlive)
            return
        }
        let chunkSize = max(1, response.chunkSize)
        let chunk: ByteBuffer
        switch response.body {
        case .bytes(let data):
            if response.chunkDelaySeconds == 0 {
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: data)))), promise: nil)
                finish(context: context, keepAlive: keepAlive)
                return
            }
            chunk = ByteBuffer(bytes: data)
            writeSlices(of: chunk, offset: 0, chunkSize: chunkSize, delay: response.chunkDelaySeconds,
                        context: context, keepAlive: keepAlive)
            return
        case .repeating(let pattern, _):
            var bytes = [UInt8]()
            bytes.reserveCapacity(chunkSize)
            let source = pattern.isEmpty ? [UInt8(ascii: "x")] : Array(pattern)
            while bytes.count < chunkSize { bytes.append(source[bytes.count % source.count]) }
            chunk = ByteBuffer(bytes: bytes)
        }
        writeRepeating(chunk, remaining: length, delay: response.chunkDelaySeconds, context: context, keepAlive: keepAlive)
    }

    /// Streams `remaining` bytes of the repeated chunk, waiting for each write
    /// so a huge body never queues up in memory, and stopping when the client
    /// goes away.
    private func writeRepeating(
        _ chunk: ByteBuffer, remaining: Int, delay: Double, context: ChannelHandlerContext, keepAlive: Bool
    ) {
        guard remaining > 0 else { finish(context: context, keepAlive: keepAlive); return }
        guard context.channel.isActive else { return }
        let slice = chunk.getSlice(at: chunk.readerIndex, length: min(remaining, chunk.readableBytes))!
        let next = remaining - slice.readableBytes
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(slice)))).assumeIsolated().whenComplete { result in
            guard case .success = result else { context.close(promise: nil); return }
            self.after(delay, context: context) {
                self.writeRepeating(chunk, remaining: next, delay: delay, context: context, keepAlive: keepAlive)
            }
        }
    }

    private func writeSlices(
        of buffer: ByteBuffer, offset: Int, chunkSize: Int, delay: Double, context: ChannelHandlerContext,
        keepAlive: Bool
    ) {
        guard offset < buffer.readableBytes else { finish(context: context, keepAlive: keepAlive); return }
        guard context.channel.isActive else { return }
        let length = min(chunkSize, buffer.readableBytes - offset)
        let slice = buffer.getSlice(at: buffer.readerIndex + offset, length: length)!
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(slice)))).assumeIsolated().whenComplete { result in
            guard case .success = result else { context.close(promise: nil); return }
            self.after(delay, context: context) {
                self.writeSlices(of: buffer, offset: offset + length, chunkSize: chunkSize, delay: delay,
                                 context: context, keepAlive: keepAlive)
            }
        }
    }

    private func after(_ delay: Double, context: ChannelHandlerContext, _ body: @escaping () -> Void) {
        if delay > 0 {
            context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(delay * 1e9))) { body() }
        } else {
            body()
        }
    }

    private func finish(context: ChannelHandlerContext, keepAlive: Bool) {
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            if !keepAlive { context.close(promise: nil) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

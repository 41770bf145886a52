package org.eucalyptus.common.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A connection over a cap whose request had begun as it was accepted ({@link AdmittingServerChannel}):
 * answered its route's 503 at once, then kept open a moment, reading away what the client sends
 * (closed with unread data, the socket would reset and the client might lose the answer).
 */
final class LingeringRefusal extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LogManager.getLogger(HttpServer.class);
  /** How long it is read from after its 503, so that the client sees the answer. */
  private static final long LINGER_MS = 500;

  private final String server;
  private final byte[] start;
  private final byte[] answer;
  private final AccessLog accessLog;
  private long bytesIn;

  LingeringRefusal(String server, byte[] start, byte[] answer, AccessLog accessLog) {
    this.server = server;
    this.start = start;
    this.answer = answer;
    this.accessLog = accessLog;
    this.bytesIn = start.length;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    LOG.debug("{}: refusing a connection from {}: over the connection caps", server, ctx.channel().remoteAddress());
    InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
    ctx.channel().closeFuture().addListener(f -> accessLog.refused(client, RequestLine.parse(start), bytesIn,
        answer.length));
    ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener(f -> {
      if (f.isSuccess()) {
        ((SocketChannel) ctx.channel()).shutdownOutput();
      } else {
        ctx.close();
      }
    });
    ctx.executor().schedule(() -> ctx.close(), LINGER_MS, TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf b) {
      bytesIn += b.readableBytes();
    }
    ReferenceCountUtil.release(msg);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}

package org.eucalyptus.common.http;

import io.netty.handler.codec.http.FullHttpResponse;

/** Answers the requests under one path prefix. Runs on a worker thread, never on the event loop. */
@FunctionalInterface
public interface RequestHandler {
  FullHttpResponse handle(InboundRequest request) throws Exception;
}

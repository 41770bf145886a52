package org.eucalyptus.common.http;

/** Answers requests under one path prefix, reading their bodies as streams. Runs on a worker thread. */
@FunctionalInterface
public interface StreamingHandler {
  StreamingResponse handle(StreamingRequest request) throws Exception;
}

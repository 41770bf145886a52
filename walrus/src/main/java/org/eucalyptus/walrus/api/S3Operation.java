package org.eucalyptus.walrus.api;

import org.eucalyptus.common.http.StreamingResponse;

/**
 * One S3 operation: what a request the {@link S3Router} sent here does, checks of the caller's
 * rights included. Failures pass out as they are, S3's own ({@link S3Exception}) or the stores'
 * (a bad digest, a refused completion, an unservable image, a database error): {@link S3Errors}
 * is the one place that turns them into S3's error document.
 */
@FunctionalInterface
public interface S3Operation {
  StreamingResponse handle(S3Request req) throws Exception;
}

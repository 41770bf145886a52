package org.eucalyptus.walrus.api.usage;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eucalyptus.common.auth.EucaCertAuth;
import org.eucalyptus.common.http.StreamingRequest;
import org.eucalyptus.common.http.StreamingResponse;
import org.eucalyptus.common.pki.ComponentIdentity;
import org.eucalyptus.common.xml.XmlWriter;
import org.eucalyptus.walrus.api.S3Errors;
import org.eucalyptus.walrus.api.S3Exception;
import org.eucalyptus.walrus.api.S3Operation;
import org.eucalyptus.walrus.api.S3Request;
import org.eucalyptus.walrus.api.S3Responses;
import org.eucalyptus.walrus.api.WalrusService;
import org.eucalyptus.walrus.store.StorageUsage;

/**
 * GetWalrusUsage, for the cloud's usage reports: {@code GET <service path>/usage/<hour>} (the hour's
 * start in seconds since 1970) with {@code EucaOperation: GetWalrusUsage}, signed with the cloud
 * controller's certificate (the cloud CA's own; common's {@link EucaCertAuth}). It answers every
 * bucket's bytes now and the requests per bucket in the hours from that one on. Anyone else, users
 * and other components alike, is AccessDenied: the figures are every account's.
 */
public final class GetWalrusUsage implements S3Operation {
  public static final String NAME = "GetWalrusUsage";
  /** The first segment of the operation's path; the hour follows it. */
  public static final String PREFIX = "usage";
  static final String NS = "http://www.eucalyptus.com/ns/walrus-usage/2026-12-01/";

  private final WalrusService.NodeAuth trust;
  private final StorageUsage usage;

  /** @param trust the cloud CA, clock and skew (null where this Walrus has no cloud keys: it then answers no one) */
  public GetWalrusUsage(WalrusService.NodeAuth trust, StorageUsage usage) {
    this.trust = trust;
    this.usage = usage;
  }

  @Override
  public StreamingResponse handle(S3Request req) throws S3Exception, SQLException {
    StreamingRequest http = req.http();
    if (trust == null) {
      throw new S3Exception("ServiceUnavailable", "This Walrus has no cloud keys, so it tells no one its usage.",
          HttpResponseStatus.SERVICE_UNAVAILABLE);
    }
    trust.require(http, ComponentIdentity.CLOUD, "Usage is told to this cloud's controller only");
    http.access().action(NAME + " " + http.method());
    if (!http.method().equals("GET")) {
      throw new S3Exception("MethodNotAllowed", NAME + " is a GET.", HttpResponseStatus.METHOD_NOT_ALLOWED);
    }
    Instant since = since(req);
    XmlWriter x = new XmlWriter().root("WalrusUsage", NS).element("Time", S3Responses.isoTime(trust.clock().instant()))
        .start("Buckets");
    for (StorageUsage.BucketBytes b : usage.buckets()) {
      x.start("Bucket").element("Name", b.bucket()).element("OwnerAccount", b.ownerAccount())
          .element("Creator", b.creator()).element("Created", S3Responses.isoTime(b.created()))
          .element("Bytes", Long.toString(b.bytes())).element("Objects", Long.toString(b.objects())).end();
    }
    x.end().start("Requests");
    for (StorageUsage.HourRequests r : usage.requestsSince(since)) {
      x.start("Hour").element("Start", S3Responses.isoTime(r.hour())).element("Bucket", r.bucket())
          .element("OwnerAccount", r.ownerAccount()).element("Creator", r.creator())
          .element("Requests", Long.toString(r.requests())).end();
    }
    return StreamingResponse.xml(HttpResponseStatus.OK, x.end().end().toString());
  }

  private static Instant since(S3Request req) throws S3Exception {
    String hour = req.key();
    if (!PREFIX.equals(req.bucket()) || hour == null || !hour.matches("[0-9]{1,12}") || !req.query().isEmpty()) {
      throw S3Errors.invalidArgument(NAME + " names the first hour of its requests: " + WalrusService.PATH + "/"
          + PREFIX + "/<seconds since 1970, a whole hour>, with no query.");
    }
    Instant t = Instant.ofEpochSecond(Long.parseLong(hour));
    if (!t.equals(t.truncatedTo(ChronoUnit.HOURS))) {
      throw S3Errors.invalidArgument(NAME + "'s hour must start an hour: " + hour + " does not.");
    }
    return t;
  }
}

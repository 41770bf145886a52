package org.eucalyptus.common.policy;

import java.time.Instant;

/**
 * What a request is, apart from its action and resource, that conditions may test: the client's
 * address (aws:SourceIp), whether it came over TLS (aws:SecureTransport) and when (aws:CurrentTime,
 * aws:EpochTime).
 */
public record RequestFacts(String sourceIp, boolean secureTransport, Instant time) {}

package org.eucalyptus.clc.api;

import org.eucalyptus.clc.errors.DomainException;

/**
 * One Query API action (EC2, IAM, admin services): reads its parameters, does the work, and writes
 * the response document. The domain's refusals pass through as they are; {@link ApiErrors} gives
 * them their code.
 *
 * <p>The document is a {@code String} for most actions; one with a large answer may return its
 * writer's {@link org.eucalyptus.common.xml.XmlWriter#document() document}, held as UTF-8, so that it is sent
 * as the bytes it was assembled in.
 */
@FunctionalInterface
public interface QueryAction {
  CharSequence execute(QueryRequest request) throws ApiException, DomainException;
}

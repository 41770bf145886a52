package org.eucalyptus.common.auth;

import java.util.Optional;

/** Finds the active access key with this id, if any. */
@FunctionalInterface
public interface SecretKeyResolver {
  Optional<AccessKeyOwner> resolve(String accessKeyId);
}

package org.eucalyptus.common.soap.security;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import org.apache.cxf.binding.soap.SoapMessage;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.ws.security.wss4j.WSS4JOutInterceptor;
import org.apache.wss4j.common.ConfigurationConstants;
import org.apache.wss4j.common.crypto.Crypto;
import org.apache.wss4j.common.ext.WSPasswordCallback;

/**
 * Signs each outgoing request with WS-Security: a Timestamp, and an XML signature over it and the
 * Body made with the caller's key, its X.509 certificate sent along as a BinarySecurityToken (what
 * EC2's SOAP API and the original's components did). While {@code identity} has nothing (a
 * component the cloud has not enrolled yet) requests go unsigned.
 */
public final class SigningOutInterceptor extends WSS4JOutInterceptor {
  private static final String CRYPTO_REF = "eucalyptus.signing.crypto";

  private final Supplier<Optional<SigningIdentity>> identity;
  private volatile SigningIdentity cachedFor;
  private volatile Crypto cached;

  public SigningOutInterceptor(Supplier<Optional<SigningIdentity>> identity) {
    this(identity, WsSecurity.TIMESTAMP_TTL);
  }

  /** With the Timestamp expiring {@code ttl} after it is made (tests make stale messages this way). */
  public SigningOutInterceptor(Supplier<Optional<SigningIdentity>> identity, java.time.Duration ttl) {
    super(properties(ttl));
    this.identity = identity;
  }

  private static Map<String, Object> properties(java.time.Duration ttl) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConfigurationConstants.ACTION, ConfigurationConstants.TIMESTAMP + " " + ConfigurationConstants.SIGNATURE);
    p.put(ConfigurationConstants.USER, Keystores.ALIAS);
    p.put(ConfigurationConstants.SIG_PROP_REF_ID, CRYPTO_REF);
    p.put(ConfigurationConstants.SIG_KEY_ID, "DirectReference");
    p.put(ConfigurationConstants.SIGNATURE_PARTS, WsSecurity.SIGNED_PARTS);
    p.put(ConfigurationConstants.SIG_ALGO, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
    p.put(ConfigurationConstants.SIG_DIGEST_ALGO, "http://www.w3.org/2001/04/xmlenc#sha256");
    p.put(ConfigurationConstants.TTL_TIMESTAMP, String.valueOf(ttl.toSeconds()));
    p.put(ConfigurationConstants.PW_CALLBACK_REF, (CallbackHandler) callbacks -> {
      for (Callback c : callbacks) {
        if (c instanceof WSPasswordCallback pc) {
          pc.setPassword(new String(Keystores.PASSWORD));
        }
      }
    });
    return p;
  }

  @Override
  public void handleMessage(SoapMessage message) throws Fault {
    Optional<SigningIdentity> id = identity.get();
    if (id.isEmpty()) {
      return;
    }
    message.put(CRYPTO_REF, cryptoFor(id.get()));
    super.handleMessage(message);
  }

  private Crypto cryptoFor(SigningIdentity id) {
    if (!id.equals(cachedFor)) {
      cached = Keystores.signing(id.privateKey(), id.certificate());
      cachedFor = id;
    }
    return cached;
  }
}

package org.eucalyptus.common.soap.security;

import java.time.Clock;
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
import org.apache.wss4j.dom.WSConstants;
import org.apache.wss4j.dom.action.Action;
import org.apache.wss4j.dom.action.TimestampAction;

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
    this(identity, Clock.systemUTC());
  }

  /** With the Timestamp's Created read from {@code clock} (tests make stale messages with a clock set back). */
  public SigningOutInterceptor(Supplier<Optional<SigningIdentity>> identity, Clock clock) {
    super(properties(clock));
    this.identity = identity;
  }

  private static Map<String, Object> properties(Clock clock) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConfigurationConstants.ACTION, ConfigurationConstants.TIMESTAMP + " " + ConfigurationConstants.SIGNATURE);
    p.put(ConfigurationConstants.USER, Keystores.ALIAS);
    p.put(ConfigurationConstants.SIG_PROP_REF_ID, CRYPTO_REF);
    p.put(ConfigurationConstants.SIG_KEY_ID, "DirectReference");
    p.put(ConfigurationConstants.SIGNATURE_PARTS, WsSecurity.SIGNED_PARTS);
    p.put(ConfigurationConstants.SIG_ALGO, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
    p.put(ConfigurationConstants.SIG_DIGEST_ALGO, "http://www.w3.org/2001/04/xmlenc#sha256");
    p.put(ConfigurationConstants.TTL_TIMESTAMP, String.valueOf(WsSecurity.TIMESTAMP_TTL.toSeconds()));
    // WSS4J stamps with the time source of a configuration it makes afresh for each message: this
    // action sets it to our clock before making the Timestamp as WSS4J's own action does.
    Action stamp = (handler, token, request) -> {
      request.getWssConfig().setCurrentTime(clock::instant);
      new TimestampAction().execute(handler, token, request);
    };
    p.put(WSS4J_ACTION_MAP, Map.of(WSConstants.TS, stamp));
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

package org.eucalyptus.clc.api;

import org.eucalyptus.common.xml.XmlWriter;

/**
 * How one Query API family writes its documents: which versions it takes, its XML namespace, its
 * response envelope and its error document. EC2 and the Eucalyptus admin services put the request
 * id in the response; IAM wraps results in {@code <ActionResult>} and {@code <ResponseMetadata>}.
 */
public interface QueryDialect {
  String defaultVersion();

  /** Null if the version is accepted, else a sentence saying which are. */
  String checkVersion(String version);

  String namespace(String version);

  XmlWriter begin(String action, String namespace, String requestId);

  String finish(XmlWriter x, String requestId);

  String error(String code, String message, String requestId, String namespace, boolean senderFault);

  /** EC2's dialect, for EC2 itself and for the Eucalyptus admin services that follow it. */
  static QueryDialect ec2Style(String defaultVersion, java.util.function.Function<String, String> versionCheck,
      java.util.function.Function<String, String> namespace) {
    return new QueryDialect() {
      @Override
      public String defaultVersion() {
        return defaultVersion;
      }

      @Override
      public String checkVersion(String version) {
        return versionCheck.apply(version);
      }

      @Override
      public String namespace(String version) {
        return namespace.apply(version);
      }

      @Override
      public XmlWriter begin(String action, String ns, String requestId) {
        return new XmlWriter().root(action + "Response", ns).element("requestId", requestId);
      }

      @Override
      public String finish(XmlWriter x, String requestId) {
        return x.toString();
      }

      @Override
      public String error(String code, String message, String requestId, String ns, boolean senderFault) {
        return new XmlWriter().start("Response").start("Errors").start("Error")
            .element("Code", code).element("Message", message).end().end()
            .element("RequestID", requestId).toString();
      }
    };
  }

  /** EC2 itself: versions 2006-06-26 through 2016-11-15. */
  QueryDialect EC2 = ec2Style(ApiVersions.DEFAULT,
      v -> ApiVersions.accepted(v) ? null
          : "Supported versions are " + ApiVersions.OLDEST + " through " + ApiVersions.NEWEST + ".",
      v -> "http://ec2.amazonaws.com/doc/" + v + "/");
}

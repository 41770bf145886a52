package org.eucalyptus.common.soap;

import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The one rule by which a component's failure becomes its SOAP fault (the CC's and the NC's
 * EucalyptusFault): a failure the component names gets its code and words, an interrupted long poll
 * says the service is stopping, and anything else is logged and answered as InternalError. What
 * differs per component is given: which failures it names ({@code codes}) and how its declared
 * fault is made ({@code faults}).
 *
 * @param <X> the declared fault's exception type
 */
public final class ComponentFaults<X extends Exception> {
  private static final Logger LOG = LogManager.getLogger(ComponentFaults.class);

  /** Work that may fail in any way; {@link #call} turns its failure into the fault. */
  @FunctionalInterface
  public interface Work<T> {
    T run() throws Exception;
  }

  /** Makes the declared fault carrying {@code code} and {@code message}. */
  @FunctionalInterface
  public interface FaultMaker<X extends Exception> {
    X fault(String code, String message);
  }

  private final Function<Exception, String> codes;
  private final FaultMaker<X> faults;

  /**
   * @param codes the code of a failure the component names (its own exceptions), null for others
   * @param faults makes the component's declared fault
   */
  public ComponentFaults(Function<Exception, String> codes, FaultMaker<X> faults) {
    this.codes = codes;
    this.faults = faults;
  }

  public <T> T call(Work<T> work) throws X {
    try {
      return work.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw of(e);
    } catch (Exception e) {
      throw of(e);
    }
  }

  public X of(Exception e) {
    String code = codes.apply(e);
    String message = e.getMessage();
    if (code == null && e instanceof InterruptedException) {
      code = "ServiceStopping"; // a long poll cut short because the service is shutting down
      message = "the service is shutting down";
    } else if (code == null) {
      LOG.error("unexpected failure", e);
      code = "InternalError";
      message = "internal error: " + e;
    }
    return faults.fault(code, message == null ? code : message);
  }
}

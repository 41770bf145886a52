package org.eucalyptus.common.util;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Runs work for a key once however many callers ask for it at the same time: the first runs it,
 * the others wait for its result, or its exception (the same one). Used where a slow result is
 * made once and then kept (an image downloaded, a bundle decrypted).
 */
public final class SingleFlight<K, V> {
  /** The work, with the one checked exception it may throw. */
  @FunctionalInterface
  public interface Work<V, E extends Exception> {
    V run() throws E;
  }

  private final ConcurrentHashMap<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

  @SuppressWarnings("unchecked") // a waiter rethrows what the leader's work threw: of the same type E
  public <E extends Exception> V run(K key, Work<V, E> work) throws E, InterruptedException {
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> theirs = inFlight.putIfAbsent(key, mine);
    if (theirs != null) {
      try {
        return theirs.get();
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        if (cause instanceof Error err) {
          throw err;
        }
        throw (E) cause;
      }
    }
    try {
      V v = work.run();
      mine.complete(v);
      return v;
    } catch (Exception | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(key, mine);
    }
  }
}

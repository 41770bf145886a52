package org.eucalyptus.common.http;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads an {@link HttpServer} runs on: Netty's event loops, the pool that runs handlers whose
 * request is all here, and the pool for streaming uploads still arriving. A server makes its own
 * and ends them with itself; many servers in one process (the node simulator's thousand node
 * controllers) can share one, which then outlives them and is closed by whoever made it.
 */
public final class ServerThreads implements AutoCloseable {
  final EventLoopGroup group;
  final ThreadPoolExecutor workers;
  final ThreadPoolExecutor uploads;

  /**
   * @param ioThreads Netty event loops
   * @param maxWorkers threads of each pool; pool threads are made on demand and end after a minute idle
   */
  public ServerThreads(String name, int ioThreads, int maxWorkers) {
    this.group = new MultiThreadIoEventLoopGroup(ioThreads, NioIoHandler.newFactory());
    this.workers = pool(name + "-worker-", maxWorkers);
    this.uploads = pool(name + "-upload-", maxWorkers);
  }

  private static ThreadPoolExecutor pool(String prefix, int threads) {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(0, threads, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.AbortPolicy());
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownNow();
    uploads.shutdownNow();
  }
}

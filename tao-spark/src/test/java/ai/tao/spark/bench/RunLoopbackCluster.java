package ai.tao.spark.bench;

import ai.tao.spark.LoopbackCluster;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Starts a loopback standalone cluster (a master and 2 single-core workers) whose processes run on
 * the given classpath, prints {@code MASTER <url>}, and stops it after the given seconds or when
 * stdin closes. {@code tools/spark-submit-check.sh} submits the README's job to it.
 *
 * <p>Usage: {@code RunLoopbackCluster <workDir> <seconds> <classpath>}
 */
public final class RunLoopbackCluster {
  private RunLoopbackCluster() {}

  public static void main(String[] args) throws Exception {
    try (LoopbackCluster c = LoopbackCluster.start(Path.of(args[0]), args[2], 2, 1, "2g", Duration.ofSeconds(120))) {
      System.out.println("MASTER " + c.masterUrl());
      System.out.flush();
      long deadline = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
      while (System.nanoTime() < deadline && System.in.read() != -1) {
        Thread.onSpinWait();
      }
    }
  }
}

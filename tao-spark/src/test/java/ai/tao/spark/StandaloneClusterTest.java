package ai.tao.spark;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.api.Scorer;
import ai.tao.api.ScorerRegistry;
import ai.tao.api.spi.ScorerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * TAO on a real Spark standalone cluster on loopback: a master and 2 workers, each a {@code java}
 * process started from the test classpath, one single-core executor per worker in its own JVM.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {
  @TempDir
  static Path shared;
  static LoopbackCluster cluster;
  static SparkSession spark;
  static Path base;
  static final AtomicInteger FAILED_TASKS = new AtomicInteger();

  @BeforeAll
  static void start() {
    cluster = LoopbackCluster.start(shared.resolve("cluster"), LoopbackCluster.currentClasspath(), 2, 1, "2g",
        Duration.ofSeconds(120));
    spark = cluster.session("tao-standalone-test", "1g").getOrCreate();
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        if (!end.taskInfo().successful()) {
          FAILED_TASKS.incrementAndGet();
        }
      }
    });
    base = TinyRun.base(shared.resolve("base"));
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  static SparkGenerator generator(String scorer, ScorerOptions options) {
    return SparkGenerator.builder().spark(spark).sampling(TinyRun.sampling()).scorer(scorer, options)
        .snapshotDir(shared.resolve("snapshots")).maxBatchRows(TinyRun.MAX_BATCH_ROWS)
        .stepTimeout(Duration.ofMinutes(3)).build();
  }

  static String inProcess(String scorerName, ScorerOptions options, String name) throws Exception {
    try (Scorer scorer = ScorerRegistry.load().create(scorerName, options)) {
      TinyRun.tune(base, TinyRun.sampling(), scorer, 3, shared.resolve(name));
    }
    return TinyRun.weights(shared.resolve(name));
  }

  @Test
  @Order(1)
  void aSeededRunOnTwoExecutorsEndsWithTheInProcessWeightsBitForBit() throws Exception {
    String expected = inProcess(TinyRun.SCORER, TinyRun.OPTIONS, "in-process");
    SparkGenerator gen = generator(TinyRun.SCORER, TinyRun.OPTIONS);
    try (Scorer scorer = gen.newDriverScorer()) {
      TinyRun.tune(base, gen, scorer, 3, shared.resolve("cluster-run"));
    }
    assertThat(TinyRun.weights(shared.resolve("cluster-run"))).isEqualTo(expected);
    Set<String> executors = gen.reports().stream().flatMap(r -> r.executors().stream()).collect(Collectors.toSet());
    assertThat(executors).as("both workers' executors sampled").hasSize(2)
        .allSatisfy(e -> assertThat(e).startsWith("executor ").doesNotContain("driver"));
  }

  @Test
  @Order(2)
  void aWorkerKilledMidStepLeavesTheResultUnchanged() throws Exception {
    Path marker = Files.createDirectories(shared.resolve("markers"));
    ScorerOptions slow = ScorerOptions.of("ms", "600", "marker", marker.toString());
    String expected = inProcess("test-sleeps", ScorerOptions.of("ms", "600"), "in-process-slow");
    List<Long> victims = cluster.executorPids(0);
    assertThat(victims).as("worker 0 runs this application's executor").hasSize(1);
    String victim = victims.get(0) + "-";
    int failedBefore = FAILED_TASKS.get();
    SparkGenerator gen = generator("test-sleeps", slow);
    CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
      try (Scorer scorer = gen.newDriverScorer()) {
        TinyRun.tune(base, gen, scorer, 3, shared.resolve("killed-run"));
      }
    });
    // Kill worker 0 (and its executor) while that executor is inside the scorer, mid-task.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    boolean killed = false;
    while (!killed && System.nanoTime() < deadline && !run.isDone()) {
      try (Stream<Path> files = Files.list(marker)) {
        if (files.anyMatch(f -> f.getFileName().toString().startsWith(victim))) {
          cluster.killWorker(0);
          killed = true;
        }
      }
      Thread.sleep(20);
    }
    assertThat(killed).as("the victim executor started scoring before the run ended").isTrue();
    run.get(5, TimeUnit.MINUTES);
    assertThat(TinyRun.weights(shared.resolve("killed-run"))).isEqualTo(expected);
    assertThat(FAILED_TASKS.get() - failedBefore).as("the killed executor's task failed and was run again")
        .isPositive();
    assertThat(cluster.workers().get(0).isAlive()).isFalse();
  }
}

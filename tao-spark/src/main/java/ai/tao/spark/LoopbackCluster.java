package ai.tao.spark;

import ai.tao.api.ConfigurationException;
import ai.tao.api.TaoException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark standalone cluster on this machine's loopback: a master and N workers, each a {@code java}
 * process started from the Spark jars on a classpath (no Spark distribution is downloaded or
 * needed). For integration tests and benchmarks of the real cluster path: executors in their own
 * JVMs, tasks shipped over the network, a worker that can be killed.
 *
 * <p>Each process writes its log to {@code <workDir>/<name>.log}.
 *
 * @since 0.5
 */
public final class LoopbackCluster implements AutoCloseable {
  private static final String HOST = "127.0.0.1";
  /** What Spark needs opened on Java 17 in every JVM it starts. */
  private static final List<String> OPENS = List.of("--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
      "--add-opens=java.base/sun.security.action=ALL-UNNAMED", "-Dio.netty.tryReflectionSetAccessible=true");

  private final Path workDir;
  private final String classpath;
  private final int masterPort;
  private final int masterUiPort;
  private final Process master;
  private final List<Process> workers = new ArrayList<>();
  /** Stops the cluster if this JVM ends first (a SIGTERM, say), so no master or worker is left behind. */
  private final Thread stopAtExit = new Thread(this::stopProcesses, "loopback-cluster-stop");

  private LoopbackCluster(Path workDir, String classpath) throws IOException {
    this.workDir = workDir.toAbsolutePath();
    this.classpath = classpath;
    Files.createDirectories(this.workDir.resolve("spark-home/jars"));
    Runtime.getRuntime().addShutdownHook(stopAtExit);
    masterPort = freePort();
    masterUiPort = freePort();
    master = launch("master", List.of("org.apache.spark.deploy.master.Master", "--host", HOST, "--port",
        Integer.toString(masterPort), "--webui-port", Integer.toString(masterUiPort)));
  }

  /**
   * Starts a master and {@code workers} workers, and waits until every worker has registered.
   *
   * @param classpath the classpath of every process and executor: Spark's jars, this project's and
   *     the scorers'
   * @param coresPerWorker task slots per worker (one executor per worker and application)
   * @param workerMemory memory each worker offers, in Spark's notation ({@code 2g})
   * @throws ConfigurationException if an argument is out of range
   * @throws TaoException if the cluster is not up within {@code timeout}; the message names the logs
   */
  public static LoopbackCluster start(Path workDir, String classpath, int workers, int coresPerWorker,
      String workerMemory, Duration timeout) {
    Objects.requireNonNull(classpath, "classpath");
    if (workers <= 0 || coresPerWorker <= 0) {
      throw new ConfigurationException("need workers > 0 and coresPerWorker > 0, got " + workers + " and "
          + coresPerWorker);
    }
    LoopbackCluster c = null;
    try {
      c = new LoopbackCluster(workDir, classpath);
      for (int i = 0; i < workers; i++) {
        c.workers.add(c.launch("worker-" + i, List.of("org.apache.spark.deploy.worker.Worker", "--host", HOST,
            "--cores", Integer.toString(coresPerWorker), "--memory", workerMemory, "--webui-port",
            Integer.toString(freePort()), "--work-dir", c.workDir.resolve("work-" + i).toString(), c.masterUrl())));
      }
      c.awaitWorkers(workers, timeout);
      return c;
    } catch (IOException | RuntimeException e) {
      if (c != null) {
        c.close();
      }
      if (e instanceof TaoException t) {
        throw t;
      }
      throw new ClusterException("cannot start the loopback Spark cluster in " + workDir + ": " + e.getMessage(), e);
    }
  }

  /** The master's URL, {@code spark://127.0.0.1:PORT}. */
  public String masterUrl() {
    return "spark://" + HOST + ":" + masterPort;
  }

  /**
   * A session builder for this cluster: driver on loopback, executors of one core and {@code
   * executorMemory} with this cluster's classpath, DJL offline, no UI.
   */
  public SparkSession.Builder session(String appName, String executorMemory) {
    return SparkSession.builder().master(masterUrl()).appName(appName).config("spark.driver.host", HOST)
        .config("spark.driver.bindAddress", HOST).config("spark.ui.enabled", "false")
        .config("spark.executor.cores", "1").config("spark.executor.memory", executorMemory)
        .config("spark.executor.extraClassPath", classpath)
        .config("spark.executor.extraJavaOptions", "-Dai.djl.offline=true -Xss4m");
  }

  /** The worker processes, in start order (a killed one stays in the list, dead). */
  public List<Process> workers() {
    return List.copyOf(workers);
  }

  /** Kills worker {@code i} and every process it started (its executors) at once, as a crash would. */
  public void killWorker(int i) {
    Process w = workers.get(i);
    w.descendants().forEach(ProcessHandle::destroyForcibly);
    w.destroyForcibly();
  }

  /** The process ids of the executor JVMs worker {@code i} runs now. */
  public List<Long> executorPids(int i) {
    // A worker starts no other processes; their command lines are too long to read back whole.
    return workers.get(i).descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
  }

  /** Stops every process of the cluster. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException e) {
      // the JVM is shutting down, and the hook runs
    }
    stopProcesses();
  }

  private void stopProcesses() {
    List<Process> all = new ArrayList<>(workers);
    if (master != null) {
      all.add(master);
    }
    for (Process p : all) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    for (Process p : all) {
      try {
        p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private Process launch(String name, List<String> mainAndArgs) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.addAll(OPENS);
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(workDir.resolve(name + ".log").toFile());
    // The launcher that builds executor commands wants a Spark home; an empty one with a jars folder
    // does, since the executors' classpath comes from spark.executor.extraClassPath.
    pb.environment().put("SPARK_HOME", workDir.resolve("spark-home").toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    pb.environment().put("SPARK_LOCAL_IP", HOST);
    return pb.start();
  }

  private void awaitWorkers(int expected, Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    ObjectMapper json = new ObjectMapper();
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer yet";
    while (System.nanoTime() < deadline) {
      if (!master.isAlive()) {
        throw new ClusterException("the Spark master exited with " + master.exitValue() + "; see "
            + workDir.resolve("master.log"));
      }
      Optional<Process> deadWorker = workers.stream().filter(w -> !w.isAlive()).findFirst();
      if (deadWorker.isPresent()) {
        throw new ClusterException("a Spark worker exited with " + deadWorker.get().exitValue() + "; see the worker"
            + " logs in " + workDir);
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + masterUiPort
            + "/json/")).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode n = json.readTree(r.body());
        int alive = n.path("aliveworkers").asInt(0);
        last = alive + " of " + expected + " workers alive";
        if (alive >= expected) {
          return;
        }
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClusterException("interrupted while waiting for the Spark workers", e);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClusterException("interrupted while waiting for the Spark workers", e);
      }
    }
    throw new ClusterException("the loopback Spark cluster was not up within " + timeout + " (" + last + "); see the"
        + " logs in " + workDir);
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The loopback cluster did not start or died. */
  public static final class ClusterException extends TaoException {
    private static final long serialVersionUID = 1L;

    ClusterException(String message) {
      super(message);
    }

    ClusterException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The classpath of this JVM, as a test or benchmark runs it (Surefire's test classpath if set). */
  public static String currentClasspath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }
}

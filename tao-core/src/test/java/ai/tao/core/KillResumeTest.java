package ai.tao.core;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.core.io.Durable;
import ai.tao.core.internal.resume.StateFolder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash harness: a child JVM runs the seeded {@link ResumeFixture} with resume states, and is
 * killed with SIGKILL at seeded random moments (and twice while it is inside a state's temporary
 * folder), then started again on the same folder, until the run completes. Its final weights must
 * be bit for bit those of an uninterrupted run, and metrics.jsonl must list every step exactly
 * once. A SIGTERM must end the child at a step boundary with a state and exit status 0.
 */
class KillResumeTest {
  private static final long TIMEOUT_S = 60;
  @TempDir
  static Path shared;
  static byte[] wholeWeights;
  static List<String> wholeSteps;

  static long wholeSteps() {
    return wholeSteps.size();
  }

  @BeforeAll
  static void uninterrupted() throws IOException {
    Path out = shared.resolve("whole");
    ResumeFixture.run(out, 0);
    wholeWeights = ResumeFixture.finalWeights(out);
    wholeSteps = ResumeTest.stepLines(out);
  }

  /** A child JVM and the lines it printed so far. */
  static final class Child implements AutoCloseable {
    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    final Thread reader;

    /** {@code mode}: null, {@code pause} or {@code leash=n}, as {@link KillResumeChild} reads them. */
    Child(Path out, int checkpointEvery, String mode, Path log) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
      List<String> cmd = new ArrayList<>(List.of(java, "-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
          "-Dai.djl.offline=true", "-cp", cp, KillResumeChild.class.getName(), out.toString(),
          Integer.toString(checkpointEvery)));
      if (mode != null) {
        cmd.add(mode);
      }
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().put("DJL_OFFLINE", "true");
      process = pb.start();
      reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            seen.add(line);
            lines.add(line);
          }
        } catch (IOException ignored) {
          // the child died: what it printed is in seen
        }
      });
      reader.setDaemon(true);
      reader.start();
    }

    /** Waits for the line {@code prefix} (alone, or followed by a space), failing if the child ends first. */
    String await(String prefix) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
      while (System.nanoTime() < deadline) {
        String line = lines.poll(100, TimeUnit.MILLISECONDS);
        if (line != null && (line.equals(prefix) || line.startsWith(prefix + " "))) {
          return line;
        }
        if (line == null && !process.isAlive() && lines.isEmpty()) {
          break;
        }
      }
      throw new AssertionError("child printed no '" + prefix + "' line; it printed " + seen);
    }

    /** Waits for the child to exit and for the last of its output to be read. */
    int waitForExit() throws InterruptedException {
      assertThat(process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)).as("child exited; printed %s", seen).isTrue();
      reader.join(TimeUnit.SECONDS.toMillis(TIMEOUT_S));
      return process.exitValue();
    }

    void kill() throws InterruptedException {
      process.destroyForcibly(); // SIGKILL: no hook, no handler, no flush
      process.waitFor(TIMEOUT_S, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  @Test
  void killedAtRandomMomentsAndMidWriteTheResumedRunEndsBitForBitAsAnUninterruptedOne(@TempDir Path tmp)
      throws Exception {
    Path out = tmp.resolve("run");
    Path log = tmp.resolve("children.log");
    Random rnd = new Random(20_240_601);
    int kills = 0;
    int midWrite = 0;
    long resumedAt = 0;
    List<String> plan = new ArrayList<>();
    for (int attempt = 0; attempt < 5; attempt++) {
      boolean pause = attempt == 1 || attempt == 3;
      long room = wholeSteps() - 2 - resumedAt;
      // past the step the last resume starts from, and two short of the end, so there is always more to do
      long target = pause || room < 1 ? -1 : resumedAt + 1 + rnd.nextInt((int) room);
      // leashed one step past the target, so a late kill cannot leave only the final state to write
      String mode = pause ? "pause" : target > 0 ? "leash=" + (target + 1) : null;
      try (Child c = new Child(out, 2, mode, log)) {
        if (pause) {
          c.await("WRITING");
          try (Stream<Path> s = Files.list(out.resolve(StateFolder.NAME))) {
            assertThat(s.map(p -> p.getFileName().toString())).as("a state half written").anyMatch(Durable::isScratch);
          }
          midWrite++;
          plan.add("mid-write");
        } else {
          if (target > 0) {
            c.await("STEP " + target);
            int delay = rnd.nextInt(200);
            Thread.sleep(delay); // anywhere in the next step: sampling, training, a state write
            plan.add(delay + " ms after step " + target);
          } else {
            c.await("RESUMED");
            plan.add("as it resumed");
          }
        }
        c.kill();
        kills++;
        resumedAt = lastState(out);
        plan.set(plan.size() - 1, plan.get(plan.size() - 1) + " (then resumable from " + resumedAt + ")");
      }
    }
    try (Child c = new Child(out, 2, null, log)) {
      assertThat(c.waitForExit()).as("exit status; printed %s", c.seen).isZero();
      assertThat(c.seen).as("after kills %s", plan).contains("RESUMED " + resumedAt)
          .anyMatch(l -> l.startsWith("END COMPLETED"));
    }
    assertThat(kills).isGreaterThanOrEqualTo(5);
    assertThat(midWrite).isEqualTo(2);
    assertThat(ResumeFixture.finalWeights(out)).as("final weights after kills %s, bit for bit", plan)
        .isEqualTo(wholeWeights);
    assertThat(ResumeTest.stepLines(out)).as("each step listed once").isEqualTo(wholeSteps);
    try (Stream<Path> s = Files.list(out.resolve(StateFolder.NAME))) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(Durable::isScratch);
    }
  }

  @Test
  void sigtermEndsTheRunAtAStepBoundaryWithAStateAndExitStatusZero(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("run");
    List<String> printed;
    try (Child c = new Child(out, 3, null, tmp.resolve("child.log"))) {
      c.await("STEP 2");
      // SIGTERM, as Process.destroy() sends; through the handle, because Process.destroy() also closes our end of
      // the child's stdout, and the lines it prints while it stops would be lost.
      c.process.toHandle().destroy();
      assertThat(c.waitForExit()).as("exit status; printed %s", c.seen).isZero();
      printed = List.copyOf(c.seen);
    }
    assertThat(printed).anyMatch(l -> l.startsWith("END STOP_REQUESTED"));
    String lastStep = printed.stream().filter(l -> l.startsWith("STEP ")).reduce((a, b) -> b).orElseThrow();
    long steps = Long.parseLong(lastStep.substring(5));
    assertThat(steps).isLessThan(wholeSteps());
    assertThat(printed).as("the state after the last step it ran").contains("STATE " + steps);
    assertThat(lastState(out)).isEqualTo(steps);
    TuneResult rest = ResumeFixture.run(out, 3);
    assertThat(rest.resumed().orElseThrow().stepsDone()).isEqualTo(steps);
    assertThat(ResumeFixture.finalWeights(out)).isEqualTo(wholeWeights);
    assertThat(ResumeTest.stepLines(out)).isEqualTo(wholeSteps);
  }

  /** Steps done in the newest complete state of the run in {@code out}, 0 if none. */
  static long lastState(Path out) {
    return new StateFolder(out.resolve(StateFolder.NAME)).newest(new ArrayList<>())
        .map(s -> s.manifest().stepsDone()).orElse(0L);
  }
}

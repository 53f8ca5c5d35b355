package ai.tao.spark;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.api.spi.ScorerFactory;
import ai.tao.api.spi.ScorerOptions;
import java.util.List;

/** Scorers for the failure tests, found by SPI name on the executors like any plugin. */
final class TestScorers {
  private TestScorers() {}

  /** {@code test-fails-on}: scores 1 everywhere, but throws on the prompt whose id is option {@code id}. */
  public static final class FailsOn implements ScorerFactory {
    @Override
    public String name() {
      return "test-fails-on";
    }

    @Override
    public Scorer create(ScorerOptions options) {
      String id = options.string("id", "");
      return new Scorer() {
        @Override
        public String name() {
          return "test-fails-on";
        }

        @Override
        public List<Score> score(CandidateGroup group) {
          if (group.prompt().id().equals(id)) {
            throw new IllegalStateException("boom on purpose");
          }
          return group.candidates().stream().map(c -> Score.of(1.0)).toList();
        }
      };
    }
  }

  /**
   * {@code test-sleeps}: sleeps option {@code ms} per group, then scores each candidate by its length.
   * With option {@code marker=<dir>}, each call first writes an empty file {@code <pid>-<n>} there,
   * so a test can see which process is scoring.
   */
  public static final class Sleeps implements ScorerFactory {
    @Override
    public String name() {
      return "test-sleeps";
    }

    @Override
    public Scorer create(ScorerOptions options) {
      long ms = options.intValue("ms", 0);
      java.util.Optional<String> marker = options.get("marker");
      java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
      return new Scorer() {
        @Override
        public String name() {
          return "test-sleeps";
        }

        @Override
        public List<Score> score(CandidateGroup group) {
          try {
            if (marker.isPresent()) {
              java.nio.file.Files.createFile(java.nio.file.Path.of(marker.get(),
                  ProcessHandle.current().pid() + "-" + calls.incrementAndGet()));
            }
            Thread.sleep(ms);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
          }
          return group.candidates().stream().map(c -> Score.of(c.text().length())).toList();
        }
      };
    }
  }
}

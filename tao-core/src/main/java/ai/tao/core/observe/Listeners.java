package ai.tao.core.observe;

import ai.tao.api.TaoListener;
import java.nio.file.Path;

/**
 * Entry points for run listeners.
 *
 * @since 0.1
 */
public final class Listeners {
  private Listeners() {}

  /** Progress lines with ETA on standard output. */
  public static TaoListener console() {
    return new ConsoleProgress(System.out);
  }

  /** Per-step metrics as JSON lines written to {@code file}, which must not exist yet; close it when the run ends. */
  public static MetricsJsonl jsonl(Path file) {
    return new MetricsJsonl(file);
  }
}

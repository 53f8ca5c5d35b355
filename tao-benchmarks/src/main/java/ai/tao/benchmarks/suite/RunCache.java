package ai.tao.benchmarks.suite;

import ai.tao.api.OutputException;
import ai.tao.core.io.Durable;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Results per unit (task, part, variant, seed, size), one JSON file each under a folder named for
 * the suite's settings, so an interrupted suite resumes where it stopped and a run with other sizes
 * never reads them. A file is written atomically once its unit is done.
 */
public final class RunCache {
  private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();
  private final Path dir;

  public RunCache(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** The cached record of {@code key}, if that unit has run. */
  public Optional<RunRecord> get(String key) {
    Path f = file(key);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(f.toFile(), RunRecord.class));
    } catch (IOException e) {
      throw new OutputException("cannot read the suite's cached result " + f + ": " + e.getMessage()
          + "; delete it to run that unit again", e);
    }
  }

  /** The cached record of {@code key}, or {@code run}'s, cached now. */
  public RunRecord getOrRun(String key, Supplier<RunRecord> run) {
    Optional<RunRecord> hit = get(key);
    if (hit.isPresent()) {
      return hit.get();
    }
    RunRecord r = run.get();
    try {
      Files.createDirectories(file(key).getParent());
      Durable.writeAtomically(file(key), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(r)
          .getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new OutputException("cannot cache the suite's result " + file(key) + ": " + e.getMessage(), e);
    }
    return r;
  }

  private Path file(String key) {
    return dir.resolve(key + ".json");
  }
}

package ai.tao.core.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.OutputException;
import ai.tao.api.TaoEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A resumed run continues the metrics file at the state's position, and refuses a file changed since. */
class MetricsJsonlResumeTest {

  @Test
  void whatWasWrittenAfterTheStateIsCutAndTheFileContinues(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("metrics.jsonl");
    MetricsJsonl.Position at;
    try (MetricsJsonl m = new MetricsJsonl(file)) {
      m.onEvent(new TaoEvent.Warning("one"));
      at = m.sync();
      m.onEvent(new TaoEvent.Warning("two, from a step redone after the resume"));
    }
    assertThat(at.bytes()).isPositive();
    try (MetricsJsonl m = MetricsJsonl.resume(file, at)) {
      m.onEvent(new TaoEvent.Warning("three"));
      MetricsJsonl.Position end = m.sync();
      assertThat(end.bytes()).isEqualTo(Files.size(file));
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains("one");
    assertThat(lines.get(1)).contains("three");
    // a run that starts over (no state was complete) continues from nothing
    try (MetricsJsonl m = MetricsJsonl.resume(file, new MetricsJsonl.Position(0, 0))) {
      assertThat(m.sync().bytes()).isZero();
    }
    assertThat(file).isEmptyFile();
  }

  @Test
  void aFileEditedOrCutSinceTheStateIsRefused(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("metrics.jsonl");
    MetricsJsonl.Position at;
    try (MetricsJsonl m = new MetricsJsonl(file)) {
      m.onEvent(new TaoEvent.Warning("one"));
      at = m.sync();
    }
    Files.writeString(file, Files.readString(file).replace("one", "eno"));
    assertThatThrownBy(() -> MetricsJsonl.resume(file, at)).isInstanceOf(OutputException.class)
        .hasMessageContaining("edited");
    Files.writeString(file, "{}");
    assertThatThrownBy(() -> MetricsJsonl.resume(file, at)).isInstanceOf(OutputException.class)
        .hasMessageContaining("cut or replaced");
  }
}

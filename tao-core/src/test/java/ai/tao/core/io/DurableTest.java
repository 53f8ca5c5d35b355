package ai.tao.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableTest {

  @Test
  void onlyNamesThisClassMadeAreScratch(@TempDir Path tmp) {
    assertThat(Durable.isScratch(Durable.tempFor(tmp.resolve("step-00000004")).getFileName().toString())).isTrue();
    assertThat(Durable.isScratch(".trash-round-0-123e4567-e89b-12d3-a456-426614174000")).isTrue();
    assertThat(Durable.isScratch(".tmp-my-notes")).as("a user's file").isFalse();
    assertThat(Durable.isScratch("step-00000004")).isFalse();
  }

  @Test
  void aFolderIsReplacedWholeAndItsFilesSummed(@TempDir Path tmp) throws Exception {
    Path target = tmp.resolve("round-0");
    Files.createDirectories(target);
    Files.writeString(target.resolve("old.txt"), "old");
    Path fresh = Durable.tempFor(target);
    Files.createDirectories(fresh.resolve("sub"));
    Files.writeString(fresh.resolve("sub/new.txt"), "new");
    Map<String, Durable.FileSum> sums = Durable.syncTree(fresh);
    assertThat(sums).containsOnlyKeys("sub/new.txt");
    assertThat(sums.get("sub/new.txt").bytes()).isEqualTo(3);
    Durable.replace(fresh, target);
    assertThat(target.resolve("sub/new.txt")).hasContent("new");
    assertThat(target.resolve("old.txt")).doesNotExist();
    try (var s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("round-0");
    }
    assertThat(Durable.sum(target.resolve("sub/new.txt"))).isEqualTo(sums.get("sub/new.txt"));
  }
}

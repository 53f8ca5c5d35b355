package ai.tao.core;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tao.core.tokenizer.HfTokenizer;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Starting the engine and the tokenizers' native library leaves no JVM-wide property behind. */
class TaoRuntimeTest {
  @Test
  void theOfflinePropertiesAreSetOnlyWhileNativeLibrariesLoad() throws URISyntaxException {
    boolean hostSetThem = System.getenv("DJL_OFFLINE") != null || System.getenv("RUST_FLAVOR") != null
        || System.getProperty("ai.djl.offline") != null || System.getProperty("RUST_FLAVOR") != null;
    TaoRuntime.engine();
    try (HfTokenizer tok = HfTokenizer.load(Path.of(TaoRuntimeTest.class.getResource("/tokenizer/tiny-bpe").toURI()))) {
      assertThat(tok.vocabSize()).isPositive();
    }
    if (!hostSetThem) {
      assertThat(System.getProperty("ai.djl.offline")).isNull();
      assertThat(System.getProperty("RUST_FLAVOR")).isNull();
    }
    String seen = TaoRuntime.withDjlOffline(() -> System.getProperty("ai.djl.offline"));
    assertThat(seen).isEqualTo(hostSetThem ? System.getProperty("ai.djl.offline") : "true");
  }

  @Test
  void aHostsOwnSettingIsLeftAlone() {
    String before = System.getProperty("RUST_FLAVOR");
    System.setProperty("RUST_FLAVOR", "host-choice");
    try {
      assertThat(TaoRuntime.withDjlOffline(() -> System.getProperty("RUST_FLAVOR"))).isEqualTo("host-choice");
      assertThat(System.getProperty("RUST_FLAVOR")).isEqualTo("host-choice");
    } finally {
      if (before == null) {
        System.clearProperty("RUST_FLAVOR");
      } else {
        System.setProperty("RUST_FLAVOR", before);
      }
    }
  }
}

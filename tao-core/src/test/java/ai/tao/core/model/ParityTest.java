package ai.tao.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.tao.core.TaoRuntime;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Logits of the DJL decoder against golden logits from tools/reference/llama_reference.py, an
 * independent float64 numpy implementation.
 */
class ParityTest {
  static final double TOLERANCE = 1e-4;

  static Path fixture(String name) {
    try {
      return Path.of(ParityTest.class.getResource("/parity/" + name + "/config.json").toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"llama-gqa-tied", "llama3-rope-scaling", "qwen2-bias", "qwen3-qknorm", "mistral",
      "llama-bf16", "llama-f16"})
  void logitsMatchReference(String name) throws Exception {
    Path dir = fixture(name);
    JsonNode expected = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
    long[][] ids = toLong(expected.get("input_ids"));
    int[][] mask = toInt(expected.get("attention_mask"));
    try (NDManager root = TaoRuntime.newManager(); CausalLm model = CausalLm.load(dir, root);
        NDManager m = root.newSubManager()) {
      NDArray logits = model.forward(ids, mask, m, false);
      int v = model.config().vocabSize();
      Comparison c = compare(logits.toFloatArray(), expected, mask, v);
      int compared = c.compared();
      double maxDiff = c.maxDiff();
      assertThat(compared).isGreaterThan(v * 10);
      assertThat(maxDiff).as("max |logit - reference| for %s", name).isLessThan(TOLERANCE);
    }
  }

  /** The largest |logit − reference| over the real (unmasked) positions, and how many were compared. */
  record Comparison(double maxDiff, int compared) {}

  /**
   * @param got (B, T, V) logits, flattened
   * @param expected a fixture's expected.json, with its {@code logits}
   */
  static Comparison compare(float[] got, JsonNode expected, int[][] mask, int v) {
    double maxDiff = 0;
    int compared = 0;
    for (int b = 0; b < mask.length; b++) {
      for (int t = 0; t < mask[b].length; t++) {
        if (mask[b][t] == 0) {
          continue;
        }
        JsonNode row = expected.get("logits").get(b).get(t);
        for (int k = 0; k < v; k++) {
          maxDiff = Math.max(maxDiff, Math.abs(got[(b * mask[b].length + t) * v + k] - row.get(k).asDouble()));
          compared++;
        }
      }
    }
    return new Comparison(maxDiff, compared);
  }

  static long[][] toLong(JsonNode n) {
    long[][] out = new long[n.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = new long[n.get(i).size()];
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] = n.get(i).get(j).asLong();
      }
    }
    return out;
  }

  static int[][] toInt(JsonNode n) {
    int[][] out = new int[n.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = new int[n.get(i).size()];
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] = n.get(i).get(j).asInt();
      }
    }
    return out;
  }
}

package ai.tao.core.tokenizer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps DJL's Hugging Face tokenizers from reaching the network when its native library loads.
 *
 * <p>{@code ai.djl.huggingface:tokenizers} bundles a CPU build of its Rust library. On a machine
 * with a CUDA driver, unless offline, it picks a CUDA "flavour" and downloads that build. The
 * tokenizer gains nothing from a GPU, so before the first native call we set, where the user set
 * nothing:
 *
 * <ul>
 *   <li>the system property {@code ai.djl.offline=true} (also stops DJL's usage reporting on EC2;
 *       the environment variable {@code DJL_OFFLINE} takes precedence over it in DJL);
 *   <li>the system property {@code RUST_FLAVOR=cpu} (DJL reads the environment variable first,
 *       then the system property of the same name).
 * </ul>
 *
 * <p>The library is chosen once per JVM, when its class loads, so a value set after that has no
 * effect. Setting {@code RUST_FLAVOR=cpu} and {@code DJL_OFFLINE=true} in the environment is the
 * most robust choice.
 */
final class TokenizersNative {

  private static final Logger LOG = LoggerFactory.getLogger(TokenizersNative.class);
  private static boolean prepared;

  private TokenizersNative() {}

  static synchronized void prepare() {
    if (prepared) {
      return;
    }
    prepared = true;
    setIfUnset("ai.djl.offline", "DJL_OFFLINE", "true");
    setIfUnset("RUST_FLAVOR", "RUST_FLAVOR", "cpu");
  }

  private static void setIfUnset(String property, String environmentVariable, String value) {
    if (System.getProperty(property) == null && System.getenv(environmentVariable) == null) {
      System.setProperty(property, value);
      LOG.debug("Set system property {}={} so DJL's tokenizers load without downloading", property, value);
    }
  }
}

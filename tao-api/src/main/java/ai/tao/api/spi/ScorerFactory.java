package ai.tao.api.spi;

import ai.tao.api.Scorer;

/**
 * Creates a {@link Scorer} from options: the plugin point for reward functions.
 *
 * <p>To add a scorer, implement this interface with a public no-argument constructor and list the
 * class in {@code META-INF/services/ai.tao.api.spi.ScorerFactory}. The {@link
 * ai.tao.api.ScorerRegistry} finds it with {@link java.util.ServiceLoader} and looks it up by
 * {@link #name()}. A plugin depends on {@code tao-api} alone.
 *
 * @since 0.1
 */
public interface ScorerFactory {

  /**
   * The name users select this scorer by, matched exactly. Use lower-kebab-case, such as {@code
   * "json-valid"}. Two factories with the same name make the registry fail to load.
   */
  String name();

  /**
   * Creates a scorer.
   *
   * @param options settings from the user; unknown keys should be rejected with {@link
   *     ScorerOptions#requireOnly}
   * @throws ai.tao.api.ConfigurationException if an option is missing or invalid
   */
  Scorer create(ScorerOptions options);

  /** One line saying what the scorer rewards and which options it takes. */
  default String description() {
    return "";
  }
}

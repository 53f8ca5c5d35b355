package ai.tao.core.train;

import ai.tao.api.Prompt;
import java.util.Objects;

/**
 * A prompt with the response a person wrote for it: supervised data, used by {@link SftTrainer} for
 * the base model and for labeled baselines. Never given to the TAO loop.
 *
 * @since 0.1
 */
public record LabeledExample(Prompt prompt, String response) {
  public LabeledExample {
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(response, "response");
  }
}

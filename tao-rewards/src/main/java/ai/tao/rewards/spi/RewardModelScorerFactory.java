package ai.tao.rewards.spi;

import ai.tao.api.ConfigurationException;
import ai.tao.api.Scorer;
import ai.tao.api.spi.ScorerFactory;
import ai.tao.api.spi.ScorerOptions;
import ai.tao.rewards.RewardModelScorer;
import java.nio.file.Path;
import java.util.Set;

/**
 * Creates the {@code reward-model} scorer ({@link RewardModelScorer}).
 *
 * <p>Options: {@code path} (required: a reward-model folder in the Hugging Face {@code
 * LlamaForSequenceClassification} layout), {@code normalize} ({@code raw}, the default, or {@code
 * group}).
 *
 * @since 0.3
 */
public final class RewardModelScorerFactory implements ScorerFactory {

  @Override
  public String name() {
    return "reward-model";
  }

  @Override
  public String description() {
    return "a trained reward model (LlamaForSequenceClassification, one label) scores each candidate."
        + " Options: path (required), normalize=raw|group";
  }

  @Override
  public Scorer create(ScorerOptions options) {
    options.requireOnly(name(), Set.of("path", "normalize"));
    String path = options.get("path").map(String::strip).filter(x -> !x.isEmpty())
        .orElseThrow(() -> new ConfigurationException("scorer 'reward-model' needs option 'path': the folder of a"
            + " trained reward model (RewardModel.save, or transformers' save_pretrained)"));
    return RewardModelScorer.builder().path(Path.of(path))
        .normalization(Options.enumValue(name(), options, "normalize", RewardModelScorer.Normalization.class,
            RewardModelScorer.Normalization.RAW))
        .build();
  }
}

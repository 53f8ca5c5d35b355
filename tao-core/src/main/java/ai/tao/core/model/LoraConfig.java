package ai.tao.core.model;

import ai.tao.api.ConfigurationException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Low-rank adapters (Hu et al. 2021, LoRA) on a decoder's projections: each targeted weight W
 * [out, in] becomes W + (alpha / rank) · B · A with A [rank, in] and B [out, rank] trainable and W
 * frozen. Names and defaults follow PEFT's {@code LoraConfig}, so its {@code adapter_config.json}
 * round-trips.
 *
 * @param rank r, the adapters' inner size
 * @param alpha lora_alpha; the update is scaled by alpha / rank
 * @param dropout lora_dropout: dropout on the adapter branch's input while training (0 = none). Its
 *     masks come from the engine's global generator, not from the run's seed, so a seeded run is
 *     reproducible bit for bit only with dropout 0 (the default)
 * @param targetModules which projections get adapters, by their Hugging Face module names
 * @since 0.2
 */
public record LoraConfig(int rank, double alpha, double dropout, Set<String> targetModules) {
  /** Every module an adapter can go on, in layer order. */
  public static final List<String> MODULES =
      List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");

  public LoraConfig {
    if (rank < 1) {
      throw new ConfigurationException("LoRA rank must be >= 1, got " + rank);
    }
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new ConfigurationException("LoRA alpha must be finite and > 0, got " + alpha);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new ConfigurationException("LoRA dropout must be in [0, 1), got " + dropout);
    }
    Objects.requireNonNull(targetModules, "targetModules");
    if (targetModules.isEmpty()) {
      throw new ConfigurationException("LoRA needs at least one target module; modules: " + MODULES);
    }
    for (String m : targetModules) {
      if (!MODULES.contains(m)) {
        throw new ConfigurationException("LoRA target module '" + m + "' is not one of " + MODULES);
      }
    }
    Set<String> ordered = new LinkedHashSet<>();
    for (String m : MODULES) {
      if (targetModules.contains(m)) {
        ordered.add(m);
      }
    }
    targetModules = java.util.Collections.unmodifiableSet(ordered);
  }

  /** alpha / rank, what B · A is multiplied by. */
  public double scaling() {
    return alpha / rank;
  }

  /**
   * The settings in a fixed order, modules sorted: the same text in every JVM (the record's own
   * toString prints the module set in no set order), for a run's key or a manifest.
   */
  public String describe() {
    return "rank " + rank + ", alpha " + alpha + ", dropout " + dropout + ", modules "
        + new java.util.TreeSet<>(targetModules);
  }

  public boolean targets(String module) {
    return targetModules.contains(module);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().rank(rank).alpha(alpha).dropout(dropout).targetModules(targetModules);
  }

  /** Defaults: rank 16, alpha 32, dropout 0, every module of {@link #MODULES}. */
  public static final class Builder {
    private int rank = 16;
    private double alpha = 32;
    private double dropout = 0;
    private Set<String> targetModules = new LinkedHashSet<>(MODULES);

    Builder() {}

    /** Default 16. */
    public Builder rank(int r) { rank = r; return this; }
    /** Default 32 (twice the default rank, a scaling of 2). */
    public Builder alpha(double a) { alpha = a; return this; }
    /** Default 0, PEFT's default; see the record's Javadoc. */
    public Builder dropout(double p) { dropout = p; return this; }
    /** Default all seven projections (attention and MLP), as QLoRA found best. */
    public Builder targetModules(Set<String> m) { targetModules = new LinkedHashSet<>(m); return this; }

    public LoraConfig build() {
      return new LoraConfig(rank, alpha, dropout, targetModules);
    }
  }
}

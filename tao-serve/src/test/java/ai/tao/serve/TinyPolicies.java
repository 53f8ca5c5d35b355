package ai.tao.serve;

import ai.tao.api.Policy;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import ai.tao.core.model.ModelConfig;
import ai.tao.core.policy.DecoderPolicy;
import ai.tao.core.tokenizer.ByteTokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A real, tiny, randomly initialised decoder (it writes gibberish, which protocol tests do not mind). */
public final class TinyPolicies {
  private TinyPolicies() {}

  /** Two layers of width 32 over the byte vocabulary; 256 positions. */
  public static DecoderPolicy tiny(long seed) {
    ByteTokenizer tok = ByteTokenizer.create();
    ModelConfig c = ModelConfig.builder().tokenizer(tok).hiddenSize(32).intermediateSize(48).numLayers(2).numHeads(4)
        .numKvHeads(2).maxPositions(256).build();
    return DecoderPolicy.fresh("tiny-" + seed, c, tok, seed);
  }

  /**
   * A policy that records the size of every sample call, which thread made it and the most calls in
   * progress at once, then delegates.
   */
  public static final class Recording implements Policy {
    final Policy delegate;
    public final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    public final List<String> threads = new CopyOnWriteArrayList<>();
    public final AtomicInteger mostAtOnce = new AtomicInteger();
    private final AtomicInteger inProgress = new AtomicInteger();
    volatile boolean closed;

    public Recording(Policy delegate) {
      this.delegate = delegate;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public List<Rollout> sample(List<Prompt> prompts, SamplingParams params) {
      batchSizes.add(prompts.size());
      threads.add(Thread.currentThread().getName());
      mostAtOnce.accumulateAndGet(inProgress.incrementAndGet(), Math::max);
      try {
        return delegate.sample(prompts, params);
      } finally {
        inProgress.decrementAndGet();
      }
    }

    @Override
    public void save(Path dir) {
      delegate.save(dir);
    }

    @Override
    public void close() {
      closed = true;
      delegate.close();
    }
  }
}

package ai.tao.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.tao.api.ConfigurationException;
import ai.tao.api.TrainingException;
import ai.tao.core.policy.DecoderPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Supervised fine-tuning: next-token cross-entropy on response tokens (the prompt gets no loss), the
 * response followed by the tokenizer's EOS so the model learns to stop. Trains base models and the
 * labeled baselines TAO is compared with.
 *
 * @since 0.1
 */
public final class SftTrainer implements AutoCloseable {
  private final DecoderPolicy policy;
  private final int microBatch;
  private final AdamW optimizer;
  private final int eos;

  /**
   * @param learningRate AdamW step size
   * @param maxGradNorm global gradient-norm clip (≤ 0 disables)
   * @param microBatch sequences per forward/backward pass
   */
  public SftTrainer(DecoderPolicy policy, double learningRate, double maxGradNorm, int microBatch) {
    if (!(learningRate > 0) || microBatch <= 0) {
      throw new ConfigurationException("SFT needs learningRate > 0 and microBatch > 0, got " + learningRate + ", "
          + microBatch);
    }
    this.policy = policy;
    this.microBatch = microBatch;
    this.optimizer = new AdamW(policy.model().weights(), learningRate, 0.9, 0.999, 1e-8, 0.0, maxGradNorm);
    OptionalInt e = policy.tokenizer().eosIds().stream().mapToInt(Integer::intValue).min();
    this.eos = e.orElse(-1);
  }

  /** Prompt and response tokens (response ends with EOS when the tokenizer has one). */
  public TrainSequence sequence(LabeledExample ex) {
    int[] prompt = policy.encode(ex.prompt());
    int[] resp = policy.tokenizer().encode(ex.response(), false);
    if (eos >= 0) {
      resp = Arrays.copyOf(resp, resp.length + 1);
      resp[resp.length - 1] = eos;
    }
    return new TrainSequence(prompt, resp, new float[0], 1.0);
  }

  /** One optimizer step on a batch; returns loss (mean negative log-likelihood per token) and grad norm. */
  public Map<String, Double> step(List<LabeledExample> batch) {
    List<TrainSequence> seqs = new ArrayList<>(batch.size());
    int tokens = 0;
    for (LabeledExample ex : batch) {
      TrainSequence s = sequence(ex);
      seqs.add(s);
      tokens += s.responseIds().length;
    }
    optimizer.zeroGrad();
    double lossSum = 0;
    NDManager base = policy.model().weights().manager().getParentManager();
    for (int from = 0; from < seqs.size(); from += microBatch) {
      try (NDManager m = base.newSubManager()) {
        PackedBatch pb = PackedBatch.of(seqs.subList(from, Math.min(seqs.size(), from + microBatch)), m);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray lp = TokenLogProbs.of(policy.model(), pb, 1.0, m, true)[0];
          NDArray loss = lp.mul(pb.lossMask()).sum().neg().div((float) tokens);
          float v = loss.getFloat();
          if (!Float.isFinite(v)) {
            throw new TrainingException("SFT loss is " + v + " at step " + (optimizer.steps() + 1)
                + "; weights left as they were. Lower the learning rate");
          }
          gc.backward(loss);
          lossSum += v;
        }
      }
    }
    double norm = optimizer.gradNorm();
    if (!Double.isFinite(norm)) {
      throw new TrainingException("SFT gradient norm is " + norm + "; weights left as they were");
    }
    optimizer.step(norm);
    optimizer.zeroGrad();
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("loss", lossSum);
    m.put("grad_norm", norm);
    m.put("response_tokens", (double) tokens);
    return m;
  }

  /** Mean negative log-likelihood per response token, without training (for held-out loss). */
  public double evaluate(List<LabeledExample> examples) {
    List<TrainSequence> seqs = examples.stream().map(this::sequence).toList();
    int tokens = seqs.stream().mapToInt(s -> s.responseIds().length).sum();
    double nll = 0;
    try (var g = ai.tao.core.TaoRuntime.noGrad()) {
      NDManager base = policy.model().weights().manager().getParentManager();
      for (int from = 0; from < seqs.size(); from += microBatch) {
        try (NDManager m = base.newSubManager()) {
          PackedBatch pb = PackedBatch.of(seqs.subList(from, Math.min(seqs.size(), from + microBatch)), m);
          nll -= TokenLogProbs.of(policy.model(), pb, 1.0, m, false)[0].mul(pb.lossMask()).sum().getFloat();
        }
      }
    }
    return nll / tokens;
  }

  public long steps() {
    return optimizer.steps();
  }

  @Override
  public void close() {
    optimizer.close();
  }
}

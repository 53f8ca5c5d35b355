package ai.tao.core;

import ai.tao.api.Completion;
import ai.tao.api.ConfigurationException;
import ai.tao.api.FinishReason;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import ai.tao.api.TrainablePolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A trainable policy that is not a decoder: one logit per letter a–h, each completion a fixed number
 * of letters drawn independently from softmax(logits / τ). Its weights are real (its trainer,
 * {@link UnigramTrainer}, moves them), so the loop's rollback can be checked on something other
 * than a {@code DecoderPolicy}.
 */
public final class UnigramPolicy implements TrainablePolicy {
  static final int LETTERS = 8;
  final double[] logits = new double[LETTERS];
  private final int length;

  public UnigramPolicy(int length) {
    this.length = length;
  }

  @Override
  public String name() {
    return "unigram";
  }

  double[] probs(double temperature) {
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logits) {
      max = Math.max(max, l / temperature);
    }
    double[] p = new double[LETTERS];
    double z = 0;
    for (int i = 0; i < LETTERS; i++) {
      p[i] = Math.exp(logits[i] / temperature - max);
      z += p[i];
    }
    for (int i = 0; i < LETTERS; i++) {
      p[i] /= z;
    }
    return p;
  }

  @Override
  public List<Rollout> sample(List<Prompt> prompts, SamplingParams params) {
    double t = params.greedy() ? 1.0 : params.temperature();
    double[] p = probs(t);
    List<Rollout> out = new ArrayList<>();
    long row = 0;
    for (Prompt prompt : prompts) {
      List<Completion> cs = new ArrayList<>();
      for (int c = 0; c < params.candidatesPerPrompt(); c++) {
        SplittableRandom rnd = new SplittableRandom(params.seed() * 1_000_003L + row++);
        int[] ids = new int[length];
        float[] lps = new float[length];
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < length; k++) {
          double u = rnd.nextDouble();
          int id = 0;
          for (double acc = p[0]; acc <= u && id < LETTERS - 1; acc += p[++id]) {
            // walk the CDF
          }
          ids[k] = id;
          lps[k] = (float) Math.log(p[id]);
          text.append((char) ('a' + id));
        }
        cs.add(new Completion(text.toString(), ids, lps, FinishReason.LENGTH));
      }
      out.add(new Rollout(prompt, encode(prompt), params, cs));
    }
    return out;
  }

  @Override
  public int[] encode(Prompt prompt) {
    String text = prompt.textOpt().orElse("chat");
    int[] ids = new int[Math.max(1, text.length())];
    for (int i = 0; i < text.length(); i++) {
      ids[i] = text.charAt(i);
    }
    return ids;
  }

  @Override
  public WeightsSnapshot snapshot() {
    double[] copy = logits.clone();
    return new Copy(this, copy);
  }

  @Override
  public void restore(WeightsSnapshot snapshot) {
    if (!(snapshot instanceof Copy c) || c.owner != this) {
      throw new ConfigurationException("not a snapshot of this policy");
    }
    System.arraycopy(c.logits, 0, logits, 0, LETTERS);
  }

  private record Copy(UnigramPolicy owner, double[] logits) implements WeightsSnapshot {
    @Override
    public void close() {}
  }

  @Override
  public void save(Path dir) {}

  @Override
  public void close() {}
}

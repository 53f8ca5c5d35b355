package ai.tao.core.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.tao.api.Completion;
import ai.tao.api.ConfigurationException;
import ai.tao.api.FinishReason;
import ai.tao.api.SamplingParams;
import ai.tao.core.TaoRuntime;
import ai.tao.core.model.CausalLm;
import ai.tao.core.model.KvCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Batched autoregressive sampling with a preallocated KV cache.
 *
 * <p>Prompts of different lengths share one batch: they are left-padded, positions count from each
 * row's first real token, and padded keys are masked. One prefill pass, then one single-token pass
 * per step, for all rows together; a row that has finished keeps riding along (its output is
 * ignored) until every row is done or the budget is spent. Autograd is off throughout.
 *
 * <p><b>Randomness.</b> Row {@code r} of a call draws from its own stream, seeded by the call's
 * seed and the row's index ({@code firstRow + r}): the same seed gives the same completion for a row
 * whatever else the batch holds, however the caller chunks rows, and whatever other samplers in the
 * JVM do. No engine-global generator is touched.
 *
 * @since 0.1
 */
public final class Sampler {
  /**
   * {@code text} up to the first occurrence of any stop string (all of it when none occurs): how a
   * completion's text ends when sampling stopped on a stop string.
   */
  public static String beforeFirstStop(String text, List<String> stops) {
    int cut = text.length();
    for (String s : stops) {
      int at = text.indexOf(s);
      if (at >= 0) {
        cut = Math.min(cut, at);
      }
    }
    return text.substring(0, cut);
  }

  private final CausalLm model;
  private final Set<Integer> eosIds;
  private final int padId;
  private final Function<int[], String> decoder;
  private final int vocabLimit;

  /**
   * A sampler that may pick any id of the model's vocabulary.
   *
   * @param model the decoder
   * @param eosIds ids that end a row
   * @param padId id fed at padded positions (any valid id: padded keys are masked)
   * @param decoder turns generated ids into text, for stop strings and the completion's text
   */
  public Sampler(CausalLm model, Set<Integer> eosIds, int padId, Function<int[], String> decoder) {
    this(model, eosIds, padId, decoder, model.config().vocabSize());
  }

  /**
   * @param vocabLimit ids at or above it are never sampled: a checkpoint's embedding table is often
   *     padded past its tokenizer's vocabulary, and those ids decode to nothing
   */
  public Sampler(CausalLm model, Set<Integer> eosIds, int padId, Function<int[], String> decoder, int vocabLimit) {
    this.model = Objects.requireNonNull(model, "model");
    this.eosIds = Set.copyOf(eosIds);
    this.padId = padId;
    this.decoder = Objects.requireNonNull(decoder, "decoder");
    if (vocabLimit < 1 || vocabLimit > model.config().vocabSize()) {
      throw new ConfigurationException("vocabLimit must be in [1, " + model.config().vocabSize() + "], got "
          + vocabLimit);
    }
    this.vocabLimit = vocabLimit;
  }

  /**
   * Samples one completion per prompt row. Rows are independent draws; callers wanting N per prompt
   * repeat the prompt N times.
   */
  public List<Completion> sample(List<int[]> prompts, SamplingParams params) {
    return sample(prompts, params, 0);
  }

  /**
   * Samples one completion per prompt row; row {@code r} draws from the stream of row {@code
   * firstRow + r} of {@code params.seed()}, so a caller that splits rows into chunks passes each
   * chunk's offset and gets what one big call would give.
   */
  public List<Completion> sample(List<int[]> prompts, SamplingParams params, long firstRow) {
    if (prompts.isEmpty()) {
      return List.of();
    }
    int b = prompts.size();
    int maxPrompt = 0;
    for (int i = 0; i < b; i++) {
      if (prompts.get(i).length == 0) {
        throw new ConfigurationException("prompt row " + i + " has no tokens; add a BOS token or text");
      }
      maxPrompt = Math.max(maxPrompt, prompts.get(i).length);
    }
    int capacity = maxPrompt + params.maxNewTokens();
    if (capacity > model.config().maxPositions()) {
      throw new ConfigurationException("prompt length " + maxPrompt + " + maxNewTokens " + params.maxNewTokens()
          + " exceeds the model's max_position_embeddings " + model.config().maxPositions());
    }
    try (var noGrad = TaoRuntime.noGrad();
        NDManager gen = model.weights().manager().getParentManager().newSubManager();
        KvCache cache = model.newCache(b, capacity, gen)) {
      return run(prompts, params, gen, cache, maxPrompt, capacity, firstRow);
    }
  }

  private List<Completion> run(List<int[]> prompts, SamplingParams params, NDManager gen, KvCache cache,
      int maxPrompt, int capacity, long firstRow) {
    int b = prompts.size();
    long[] ids = new long[b * maxPrompt];
    long[] pos = new long[b * maxPrompt];
    long[] nextPos = new long[b];
    float[] keyMask = new float[b * capacity];
    boolean padded = false;
    for (int i = 0; i < b; i++) {
      int[] p = prompts.get(i);
      int pad = maxPrompt - p.length;
      for (int j = 0; j < maxPrompt; j++) {
        boolean real = j >= pad;
        ids[i * maxPrompt + j] = real ? p[j - pad] : padId;
        pos[i * maxPrompt + j] = real ? j - pad : 0;
        if (!real) {
          keyMask[i * capacity + j] = -1e9f;
          padded = true;
        }
      }
      nextPos[i] = p.length;
    }
    NDArray mask = padded ? gen.create(keyMask, new Shape(b, capacity)) : null;
    NDArray beyondVocab = null; // (1, V) additive mask of ids past the tokenizer's vocabulary
    int modelVocab = model.config().vocabSize();
    if (vocabLimit < modelVocab) {
      float[] m = new float[modelVocab];
      java.util.Arrays.fill(m, vocabLimit, modelVocab, -1e9f);
      beyondVocab = gen.create(m, new Shape(1, modelVocab));
    }
    TokenPicker picker = new TokenPicker(params.greedy() ? 0 : params.temperature(), params.topK(), params.topP());
    Row[] rows = new Row[b];
    SplittableRandom[] streams = new SplittableRandom[b];
    for (int i = 0; i < b; i++) {
      rows[i] = new Row(params.maxNewTokens());
      streams[i] = new SplittableRandom(RowSeeds.of(params.seed(), firstRow + i));
    }
    float[] uniforms = new float[b];
    long[] stepIds = ids;
    long[] stepPos = pos;
    int t = maxPrompt;
    int live = b;
    for (int step = 0; step < params.maxNewTokens() && live > 0; step++) {
      try (NDManager s = gen.newSubManager()) {
        NDArray idArr = s.create(stepIds, new Shape(b, t));
        NDArray posArr = s.create(stepPos, new Shape(b, t));
        int total = cache.length() + t;
        NDArray km = mask == null ? null : mask.get(new NDIndex(":, :{}", total));
        if (km != null) {
          km.attach(s);
        }
        NDArray h = model.hidden(idArr, posArr, km, cache, false); // (B, T, d)
        NDArray last = t == 1 ? h : h.get(new NDIndex(":, -1:, :"));
        NDArray logits = model.logits(last).reshape(b, -1); // (B, V)
        if (beyondVocab != null) {
          logits = logits.add(beyondVocab);
        }
        if (!picker.greedy()) {
          for (int i = 0; i < b; i++) {
            uniforms[i] = RowSeeds.uniform(streams[i]);
          }
        }
        TokenPicker.Picked picked = picker.pick(logits, uniforms);
        long[] next = picked.ids().toLongArray();
        float[] lp = picked.logProbs().toFloatArray();
        for (int i = 0; i < b; i++) {
          Row r = rows[i];
          if (r.finish != null) {
            continue;
          }
          r.add((int) next[i], lp[i]);
          if (eosIds.contains((int) next[i])) {
            r.finish = FinishReason.EOS;
          } else if (!params.stopStrings().isEmpty() && r.hitsStop(params.stopStrings(), decoder)) {
            r.finish = FinishReason.STOP_STRING;
          } else if (r.n == params.maxNewTokens()) {
            r.finish = FinishReason.LENGTH;
          }
          if (r.finish != null) {
            live--;
          }
        }
        stepIds = next;
        stepPos = nextPos.clone();
        for (int i = 0; i < b; i++) {
          nextPos[i]++;
        }
        t = 1;
      }
    }
    List<Completion> out = new ArrayList<>(b);
    for (Row r : rows) {
      out.add(r.toCompletion(decoder, params.stopStrings()));
    }
    return out;
  }

  /** One row's growing output. */
  private static final class Row {
    final int[] tokens;
    final float[] logProbs;
    int n;
    FinishReason finish;

    Row(int max) {
      tokens = new int[max];
      logProbs = new float[max];
    }

    void add(int token, float lp) {
      tokens[n] = token;
      logProbs[n] = lp;
      n++;
    }

    boolean hitsStop(List<String> stops, Function<int[], String> decoder) {
      String text = decoder.apply(Arrays.copyOf(tokens, n));
      return stops.stream().anyMatch(text::contains);
    }

    Completion toCompletion(Function<int[], String> decoder, List<String> stops) {
      int[] ids = Arrays.copyOf(tokens, n);
      int[] textIds = finish == FinishReason.EOS ? Arrays.copyOf(tokens, n - 1) : ids;
      String text = decoder.apply(textIds);
      if (finish == FinishReason.STOP_STRING) {
        text = beforeFirstStop(text, stops);
      }
      return new Completion(text, ids, Arrays.copyOf(logProbs, n), finish == null ? FinishReason.LENGTH : finish);
    }
  }
}

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
 * row's first real token, and padded keys are masked. Rows with the same prompt (a group of
 * candidates) share one prefill: each distinct prompt is run once and its KV cache copied to its
 * rows. Then one single-token pass per step for the live rows together; once a quarter of the batch
 * has finished, the finished rows leave it (the cache is compacted), so they stop costing compute.
 * Autograd is off throughout.
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
  private final DecodeOptions options;

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
    this(model, eosIds, padId, decoder, vocabLimit, DecodeOptions.DEFAULT);
  }

  /** @param options whether groups share their prefill and finished rows leave the batch */
  public Sampler(CausalLm model, Set<Integer> eosIds, int padId, Function<int[], String> decoder, int vocabLimit,
      DecodeOptions options) {
    this.options = Objects.requireNonNull(options, "options");
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
    PromptGroups groups = options.sharePrefill() ? PromptGroups.of(prompts) : PromptGroups.each(prompts);
    try (var noGrad = TaoRuntime.noGrad();
        NDManager gen = model.weights().manager().getParentManager().newSubManager();
        KvCache cache = model.newCache(groups.distinct().size(), capacity, gen)) {
      return run(groups, params, gen, cache, maxPrompt, capacity, firstRow);
    }
  }

  /**
   * Prefills each distinct prompt once, copies its cache to each of its rows, then decodes one
   * token per step for the rows still live.
   */
  private List<Completion> run(PromptGroups groups, SamplingParams params, NDManager gen, KvCache cache,
      int maxPrompt, int capacity, long firstRow) {
    int b = groups.rows();
    Prefill pre = prefill(groups.distinct(), gen, cache, maxPrompt, capacity);
    NDArray logits = pre.logits(); // (U, V)
    NDArray mask = pre.keyMask(); // (U, capacity) or null
    if (groups.distinct().size() < b) {
      try (NDManager s = gen.newSubManager()) {
        NDArray toRows = s.create(groups.rowToDistinct()); // (B)
        cache.selectRows(toRows);
        logits.attach(s);
        logits = logits.get(new NDIndex("{}", toRows)); // (B, V)
        logits.attach(gen);
        if (mask != null) {
          mask.attach(s);
          mask = mask.get(new NDIndex("{}", toRows)); // (B, capacity)
          mask.attach(gen);
        }
      }
    }
    TokenPicker picker = new TokenPicker(params.greedy() ? 0 : params.temperature(), params.topK(), params.topP());
    Row[] rows = new Row[b];
    SplittableRandom[] streams = new SplittableRandom[b];
    for (int i = 0; i < b; i++) {
      rows[i] = new Row(params.maxNewTokens());
      streams[i] = new SplittableRandom(RowSeeds.of(params.seed(), firstRow + i));
    }
    int[] active = new int[b]; // batch position → row; shrinks as finished rows leave
    long[] nextPos = new long[b];
    for (int i = 0; i < b; i++) {
      active[i] = i;
      nextPos[i] = groups.prompt(i).length;
    }
    for (int step = 0; ; step++) {
      int n = active.length;
      long[] next;
      float[] lp;
      try (NDManager s = gen.newSubManager()) {
        logits.attach(s); // this step's picking math closes with it
        float[] uniforms = new float[n];
        if (!picker.greedy()) {
          for (int i = 0; i < n; i++) {
            uniforms[i] = RowSeeds.uniform(streams[active[i]]);
          }
        }
        TokenPicker.Picked picked = picker.pick(restrictVocab(logits, pre.beyondVocab()), uniforms);
        next = picked.ids().toLongArray();
        lp = picked.logProbs().toFloatArray();
      }
      int live = 0;
      for (int i = 0; i < n; i++) {
        Row r = rows[active[i]];
        if (r.finish == null) {
          r.add((int) next[i], lp[i]);
          r.finish = finishOf(r, (int) next[i], params);
        }
        live += r.finish == null ? 1 : 0;
      }
      if (live == 0 || step + 1 == params.maxNewTokens()) {
        break;
      }
      if (options.compactFinished() && n - live >= Math.max(1, n / COMPACT_FRACTION)) {
        long[] keep = new long[live];
        long[] keepIds = new long[live];
        int[] stillActive = new int[live];
        for (int i = 0, j = 0; i < n; i++) {
          if (rows[active[i]].finish == null) {
            keep[j] = i;
            keepIds[j] = next[i];
            stillActive[j] = active[i];
            j++;
          }
        }
        try (NDManager s = gen.newSubManager()) {
          NDArray keepArr = s.create(keep); // (B')
          cache.selectRows(keepArr);
          if (mask != null) {
            NDArray kept = mask.get(new NDIndex("{}", keepArr));
            kept.attach(gen);
            mask.close();
            mask = kept;
          }
        }
        active = stillActive;
        next = keepIds;
      }
      logits = decodeStep(next, active, nextPos, mask, cache, gen);
    }
    List<Completion> out = new ArrayList<>(b);
    for (Row r : rows) {
      out.add(r.toCompletion(decoder, params.stopStrings()));
    }
    return out;
  }

  /**
   * Rows finished per compaction: once a {@code 1/COMPACT_FRACTION} share of the batch has ended,
   * the live rows are gathered into a smaller batch. Gathering copies the live rows' caches, about
   * as costly as one step for them, so compacting for fewer would cost more than the riding rows.
   */
  private static final int COMPACT_FRACTION = 4;

  /** Prefill's outputs: last-position logits (U, V), the key mask (U, capacity) or null, and the vocabulary mask. */
  private record Prefill(NDArray logits, NDArray keyMask, NDArray beyondVocab) {}

  /** One left-padded pass over the distinct prompts, filling the cache. */
  private Prefill prefill(List<int[]> prompts, NDManager gen, KvCache cache, int maxPrompt, int capacity) {
    int u = prompts.size();
    long[] ids = new long[u * maxPrompt];
    long[] pos = new long[u * maxPrompt];
    float[] keyMask = new float[u * capacity];
    boolean padded = false;
    for (int i = 0; i < u; i++) {
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
    }
    NDArray mask = padded ? gen.create(keyMask, new Shape(u, capacity)) : null;
    NDArray beyondVocab = null; // (1, V) additive mask of ids past the tokenizer's vocabulary
    int modelVocab = model.config().vocabSize();
    if (vocabLimit < modelVocab) {
      float[] m = new float[modelVocab];
      Arrays.fill(m, vocabLimit, modelVocab, -1e9f);
      beyondVocab = gen.create(m, new Shape(1, modelVocab));
    }
    NDArray logits;
    try (NDManager s = gen.newSubManager()) {
      NDArray km = mask == null ? null : mask.get(new NDIndex(":, :{}", maxPrompt));
      NDArray h = model.hidden(s.create(ids, new Shape(u, maxPrompt)), s.create(pos, new Shape(u, maxPrompt)),
          km, cache, false); // (U, T, d)
      logits = model.logits(h.get(new NDIndex(":, -1:, :"))).reshape(u, -1); // (U, V)
      logits.attach(gen);
      if (km != null) {
        km.attach(s);
      }
    }
    return new Prefill(logits, mask, beyondVocab);
  }

  /** Feeds each active row's last token and returns the next logits (B', V), in {@code gen}. */
  private NDArray decodeStep(long[] last, int[] active, long[] nextPos, NDArray mask, KvCache cache, NDManager gen) {
    int n = active.length;
    long[] pos = new long[n];
    for (int i = 0; i < n; i++) {
      pos[i] = nextPos[active[i]]++;
    }
    try (NDManager s = gen.newSubManager()) {
      int total = cache.length() + 1;
      NDArray km = mask == null ? null : mask.get(new NDIndex(":, :{}", total));
      if (km != null) {
        km.attach(s);
      }
      NDArray h = model.hidden(s.create(last, new Shape(n, 1)), s.create(pos, new Shape(n, 1)), km, cache,
          false); // (B', 1, d)
      NDArray logits = model.logits(h).reshape(n, -1); // (B', V)
      logits.attach(gen);
      return logits;
    }
  }

  private static NDArray restrictVocab(NDArray logits, NDArray beyondVocab) {
    return beyondVocab == null ? logits : logits.add(beyondVocab);
  }

  /** Why a row that just took {@code token} ends, or null while it goes on. */
  private FinishReason finishOf(Row r, int token, SamplingParams params) {
    if (eosIds.contains(token)) {
      return FinishReason.EOS;
    }
    if (!params.stopStrings().isEmpty() && r.hitsStop(params.stopStrings(), decoder)) {
      return FinishReason.STOP_STRING;
    }
    return r.n == params.maxNewTokens() ? FinishReason.LENGTH : null;
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

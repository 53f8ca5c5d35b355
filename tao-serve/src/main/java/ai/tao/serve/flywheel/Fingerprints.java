package ai.tao.serve.flywheel;

import ai.tao.api.ChatMessage;
import ai.tao.api.Prompt;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What {@link NearDuplicateFilter} compares: a prompt's normalised text cut into word shingles and
 * summarised by a MinHash signature.
 *
 * <p>A chat prompt is split into its <em>context</em> (every turn before the last, roles included)
 * and its <em>question</em> (the last turn). Only questions are shingled; contexts must match
 * exactly. A long system prompt shared by all traffic would otherwise make every pair of prompts
 * look alike. A text prompt is all question.
 *
 * <p>Shingles are padded at both ends ({@code shingleSize - 1} markers), so that every word is in
 * exactly {@code shingleSize} of them and a change at either end counts as much as one in the
 * middle: one word changed in a prompt of {@code n} words leaves a Jaccard similarity of
 * {@code (n - 1) / (n + 2k - 1)} for shingles of {@code k} words.
 */
final class Fingerprints {
  /** Fixed: a saved state is only comparable with fingerprints made with the same hash functions. */
  private static final long SEED = 0x7A0F1EE75EED0001L;
  private static final Pattern WORDS = Pattern.compile("[^\\p{L}\\p{N}]+");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final long START = hash("\u0002");
  private static final long END = hash("\u0003");

  /**
   * @param exact hash of the whole normalised prompt, context and question
   * @param context hash of the normalised context; the same for every text prompt
   * @param signature the question's MinHash signature; empty when it has no words
   */
  record Fingerprint(long exact, long context, int[] signature) {}

  private final int shingleSize;
  private final long[] seeds;

  Fingerprints(int shingleSize, int numHashes) {
    this.shingleSize = shingleSize;
    this.seeds = new long[numHashes];
    for (int i = 0; i < numHashes; i++) {
      seeds[i] = mix(SEED + i);
    }
  }

  Fingerprint of(Prompt prompt) {
    String question;
    StringBuilder context = new StringBuilder(prompt.isChat() ? "chat" : "text");
    if (prompt.isChat()) {
      List<ChatMessage> messages = prompt.messages();
      for (ChatMessage m : messages.subList(0, messages.size() - 1)) {
        context.append('\u0000').append(m.role()).append('\u0001').append(normalize(m.content()));
      }
      ChatMessage last = messages.get(messages.size() - 1);
      context.append('\u0000').append(last.role());
      question = normalize(last.content());
    } else {
      question = normalize(prompt.text());
    }
    long contextHash = hash(context.toString());
    return new Fingerprint(mix(contextHash ^ hash(question)), contextHash, signature(question));
  }

  /** NFKC, lower case, whitespace collapsed: what makes two prompts exact duplicates. */
  static String normalize(String s) {
    String n = Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    return SPACES.matcher(n).replaceAll(" ").strip();
  }

  private int[] signature(String question) {
    long[] words = WORDS.splitAsStream(question).filter(w -> !w.isEmpty()).mapToLong(Fingerprints::hash).toArray();
    if (words.length == 0) {
      return new int[0];
    }
    long[] padded = new long[words.length + 2 * (shingleSize - 1)];
    for (int i = 0; i < padded.length; i++) {
      int w = i - (shingleSize - 1);
      padded[i] = w < 0 ? START : w >= words.length ? END : words[w];
    }
    long[] min = new long[seeds.length];
    Arrays.fill(min, Long.MAX_VALUE);
    for (int s = 0; s + shingleSize <= padded.length; s++) {
      long shingle = 0;
      for (int j = 0; j < shingleSize; j++) {
        shingle = mix(shingle * 31 + padded[s + j]);
      }
      for (int i = 0; i < seeds.length; i++) {
        min[i] = Math.min(min[i], mix(shingle ^ seeds[i]));
      }
    }
    int[] sig = new int[seeds.length];
    for (int i = 0; i < sig.length; i++) {
      sig[i] = (int) (min[i] >>> 32);
    }
    return sig;
  }

  /** The share of positions at which two signatures agree: an estimate of the questions' Jaccard similarity. */
  static double similarity(int[] a, int[] b) {
    int same = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b[i]) {
        same++;
      }
    }
    return (double) same / a.length;
  }

  /** FNV-1a over the UTF-16 characters, then {@link #mix}. */
  static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    return mix(h);
  }

  /** SplitMix64's finaliser: spreads every input bit over the whole output. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}

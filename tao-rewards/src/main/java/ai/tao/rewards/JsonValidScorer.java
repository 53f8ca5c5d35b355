package ai.tao.rewards;

import ai.tao.api.CandidateGroup;
import ai.tao.api.Completion;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Score;
import ai.tao.api.Scorer;
import ai.tao.rewards.internal.Texts;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rewards completions that are valid JSON: the {@code json-valid} scorer.
 *
 * <p>Scores 1 when the JSON text (see {@link Extraction}) parses with Jackson, is an object or an
 * array (unless {@link Builder#allowScalars}), has nothing after the value, and, when required keys
 * are set, is an object holding all of them at the top level. Otherwise 0, with the parser's
 * message or the missing keys as the reason.
 *
 * @since 0.1
 */
public final class JsonValidScorer implements Scorer {

  /** Which part of the completion must be JSON. */
  public enum Extraction {
    /** The whole completion, surrounding whitespace ignored. */
    WHOLE,
    /** The first {@code ```json} (or unlabelled) fenced block; 0 if there is none. */
    FENCED,
    /** The first balanced {@code {...}} or {@code [...]} block; 0 if there is none. */
    FIRST_BLOCK,
    /** A fenced block if there is one, else the first balanced block, else the whole text. */
    AUTO
  }

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final Extraction extraction;
  private final Set<String> requiredKeys;
  private final boolean allowScalars;

  private JsonValidScorer(Builder b) {
    this.extraction = b.extraction;
    this.requiredKeys = Set.copyOf(new LinkedHashSet<>(b.requiredKeys));
    this.allowScalars = b.allowScalars;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().extraction(extraction).requiredKeys(requiredKeys).allowScalars(allowScalars);
  }

  @Override
  public String name() {
    return "json-valid";
  }

  @Override
  public List<Score> score(CandidateGroup group) {
    List<Score> scores = new ArrayList<>(group.size());
    for (Completion c : group.candidates()) {
      scores.add(scoreOne(c.text()));
    }
    return scores;
  }

  private Score scoreOne(String text) {
    Optional<String> json = extract(text);
    if (json.isEmpty()) {
      return Score.zero("no JSON found (extraction " + extraction + ")");
    }
    if (json.get().isBlank()) {
      return Score.zero("empty text is not JSON");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(json.get());
    } catch (JsonProcessingException e) {
      return Score.zero("invalid JSON: " + e.getOriginalMessage());
    }
    if (!allowScalars && !node.isContainerNode()) {
      return Score.zero("JSON is a bare " + node.getNodeType().name().toLowerCase(Locale.ROOT)
          + ", not an object or array");
    }
    if (!requiredKeys.isEmpty()) {
      if (!node.isObject()) {
        return Score.zero("JSON is not an object, so it lacks required keys " + sorted(requiredKeys));
      }
      Set<String> missing = new TreeSet<>();
      for (String key : requiredKeys) {
        if (!node.has(key)) {
          missing.add(key);
        }
      }
      if (!missing.isEmpty()) {
        return Score.zero("JSON object lacks required key(s) " + missing);
      }
    }
    return Score.of(1.0);
  }

  private Optional<String> extract(String text) {
    return switch (extraction) {
      case WHOLE -> Optional.of(text.strip());
      case FENCED -> Texts.fencedBlock(text, "json").map(String::strip);
      case FIRST_BLOCK -> Texts.firstBracketedBlock(text);
      case AUTO -> Texts.fencedBlock(text, "json")
          .map(String::strip)
          .or(() -> Texts.firstBracketedBlock(text))
          .or(() -> Optional.of(text.strip()));
    };
  }

  private static List<String> sorted(Set<String> keys) {
    return keys.stream().sorted().toList();
  }

  @Override
  public String toString() {
    return "JsonValidScorer[extraction=" + extraction + ", requiredKeys=" + sorted(requiredKeys)
        + ", allowScalars=" + allowScalars + "]";
  }

  /**
   * Builder for {@link JsonValidScorer}.
   *
   * @since 0.1
   */
  public static final class Builder {
    /**
     * Which part of the completion must be JSON. Default {@link Extraction#WHOLE}: the strictest
     * reading, so prose around the JSON is not rewarded.
     */
    private Extraction extraction = Extraction.WHOLE;

    /** Keys the top-level object must have. Default none. */
    private Set<String> requiredKeys = new LinkedHashSet<>();

    /**
     * Whether a bare number, string, boolean or null counts as valid. Default false: "7" parses
     * as JSON but is not the structured output this scorer is meant to reward.
     */
    private boolean allowScalars = false;

    private Builder() {}

    public Builder extraction(Extraction extraction) {
      this.extraction = Objects.requireNonNull(extraction, "extraction");
      return this;
    }

    public Builder requiredKeys(Set<String> keys) {
      Objects.requireNonNull(keys, "keys");
      this.requiredKeys = new LinkedHashSet<>();
      keys.forEach(this::requiredKey);
      return this;
    }

    public Builder requiredKey(String key) {
      Objects.requireNonNull(key, "key");
      if (key.isEmpty()) {
        throw new ConfigurationException("json-valid required key must not be empty");
      }
      requiredKeys.add(key);
      return this;
    }

    public Builder allowScalars(boolean allowScalars) {
      this.allowScalars = allowScalars;
      return this;
    }

    public JsonValidScorer build() {
      return new JsonValidScorer(this);
    }
  }
}

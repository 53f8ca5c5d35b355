package ai.tao.core.internal.resume;

import ai.tao.api.CollapseStop;
import ai.tao.api.StepMetrics;
import ai.tao.api.TrainStepResult;
import ai.tao.core.loop.CollapseGuard;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * JSON for the values a resume state carries (step metrics, collapse stops, a collapse monitor's
 * memory), exact both ways: a finite double is written in its shortest round-trip form, NaN and
 * the infinities as strings, so what is read back equals what was written bit for bit.
 *
 * <p>Internal: not part of the API.
 */
public final class StateJson {
  static final ObjectMapper JSON = new ObjectMapper();

  private StateJson() {}

  /** A step's metrics as JSON. */
  public static ObjectNode write(StepMetrics m) {
    ObjectNode n = JSON.createObjectNode();
    n.put("round", m.round()).put("step", m.step());
    optional(n, "rewardMean", m.rewardMean());
    num(n, "rewardStd", m.rewardStd());
    num(n, "judgedFraction", m.judgedFraction());
    num(n, "answerDiversity", m.answerDiversity());
    num(n, "truncatedFraction", m.truncatedFraction());
    n.put("sampledTokens", m.sampledTokens());
    num(n, "sampleSeconds", m.sampleSeconds());
    n.set("train", write(m.train()));
    optional(n, "sharedAnswerFraction", m.sharedAnswerFraction());
    n.set("componentMeans", map(m.componentMeans()));
    n.set("scorerCounters", map(m.scorerCounters()));
    return n;
  }

  /** What {@link #write(StepMetrics)} wrote. */
  public static StepMetrics stepMetrics(JsonNode n) {
    return new StepMetrics(n.get("round").asInt(), n.get("step").asInt(), optional(n.get("rewardMean")),
        dbl(n.get("rewardStd")), dbl(n.get("judgedFraction")), dbl(n.get("answerDiversity")),
        dbl(n.get("truncatedFraction")), n.get("sampledTokens").asLong(), dbl(n.get("sampleSeconds")),
        trainStep(n.get("train")), optional(n.get("sharedAnswerFraction")), map(n.get("componentMeans")),
        map(n.get("scorerCounters")));
  }

  static ObjectNode write(TrainStepResult t) {
    ObjectNode n = JSON.createObjectNode();
    t.skip().ifPresent(s -> n.putObject("skip").put("reason", s.reason().name()).put("message", s.message()));
    num(n, "loss", t.loss());
    optional(n, "kl", t.kl());
    optional(n, "entropy", t.entropy());
    optional(n, "clipFraction", t.clipFraction());
    num(n, "gradNorm", t.gradNorm());
    n.put("sequences", t.sequences()).put("tokens", t.tokens());
    num(n, "seconds", t.seconds());
    n.set("extras", map(t.extras()));
    return n;
  }

  static TrainStepResult trainStep(JsonNode n) {
    Optional<TrainStepResult.Skip> skip = n.has("skip")
        ? Optional.of(new TrainStepResult.Skip(TrainStepResult.SkipReason.valueOf(n.get("skip").get("reason").asText()),
            n.get("skip").get("message").asText()))
        : Optional.empty();
    return new TrainStepResult(skip, dbl(n.get("loss")), optional(n.get("kl")), optional(n.get("entropy")),
        optional(n.get("clipFraction")), dbl(n.get("gradNorm")), n.get("sequences").asInt(), n.get("tokens").asInt(),
        dbl(n.get("seconds")), map(n.get("extras")));
  }

  /** A collapse stop as JSON. */
  public static ObjectNode write(CollapseStop s) {
    ObjectNode n = JSON.createObjectNode();
    n.put("round", s.round()).put("afterStep", s.afterStep()).put("reason", s.reason().name());
    s.restoredTo().ifPresent(v -> n.put("restoredTo", v));
    n.put("message", s.message());
    return n;
  }

  /** What {@link #write(CollapseStop)} wrote. */
  public static CollapseStop collapseStop(JsonNode n) {
    return new CollapseStop(n.get("round").asInt(), n.get("afterStep").asInt(),
        CollapseStop.Reason.valueOf(n.get("reason").asText()),
        n.has("restoredTo") ? OptionalInt.of(n.get("restoredTo").asInt()) : OptionalInt.empty(),
        n.get("message").asText());
  }

  /** A collapse monitor's memory as JSON. */
  public static ObjectNode write(CollapseGuard.MonitorState s) {
    ObjectNode n = JSON.createObjectNode();
    n.set("rewards", list(s.rewards()));
    n.set("diversities", list(s.diversities()));
    n.set("kls", list(s.kls()));
    n.set("sharedAtStart", list(s.sharedAtStart()));
    n.set("sharedRecent", list(s.sharedRecent()));
    return n;
  }

  /** What {@link #write(CollapseGuard.MonitorState)} wrote. */
  public static CollapseGuard.MonitorState monitorState(JsonNode n) {
    return new CollapseGuard.MonitorState(list(n.get("rewards")), list(n.get("diversities")), list(n.get("kls")),
        list(n.get("sharedAtStart")), list(n.get("sharedRecent")));
  }

  /** Metrics as a JSON array. */
  public static ArrayNode writeSteps(List<StepMetrics> steps) {
    ArrayNode a = JSON.createArrayNode();
    steps.forEach(m -> a.add(write(m)));
    return a;
  }

  /** What {@link #writeSteps} wrote. */
  public static List<StepMetrics> steps(JsonNode a) {
    List<StepMetrics> out = new ArrayList<>();
    a.forEach(n -> out.add(stepMetrics(n)));
    return out;
  }

  private static void num(ObjectNode n, String key, double v) {
    if (Double.isFinite(v)) {
      n.put(key, v);
    } else {
      n.put(key, Double.toString(v));
    }
  }

  private static double dbl(JsonNode n) {
    return n.isNumber() ? n.doubleValue() : Double.parseDouble(n.asText());
  }

  private static void optional(ObjectNode n, String key, OptionalDouble v) {
    if (v.isPresent()) {
      num(n, key, v.getAsDouble());
    }
  }

  private static OptionalDouble optional(JsonNode n) {
    return n == null || n.isNull() ? OptionalDouble.empty() : OptionalDouble.of(dbl(n));
  }

  private static ObjectNode map(Map<String, Double> m) {
    ObjectNode n = JSON.createObjectNode();
    m.forEach((k, v) -> num(n, k, v));
    return n;
  }

  private static Map<String, Double> map(JsonNode n) {
    Map<String, Double> m = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> m.put(e.getKey(), dbl(e.getValue())));
    return m;
  }

  private static ArrayNode list(List<Double> xs) {
    ArrayNode a = JSON.createArrayNode();
    for (double x : xs) {
      if (Double.isFinite(x)) {
        a.add(x);
      } else {
        a.add(Double.toString(x));
      }
    }
    return a;
  }

  private static List<Double> list(JsonNode a) {
    List<Double> out = new ArrayList<>();
    a.forEach(n -> out.add(dbl(n)));
    return out;
  }
}

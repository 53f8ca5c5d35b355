package ai.tao.core.internal.resume;

import ai.tao.api.ConfigurationException;
import ai.tao.core.TuneRequest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings a resumed run must share with the run it resumes: everything that changes what
 * later steps compute. Left out on purpose: the prompts (checked by content, {@link PromptDigest}),
 * the time budget, the stop hook, listeners, the output folder's path (a run folder may be moved),
 * how often states are written and how many are kept (none of them changes a step's result).
 *
 * <p>Internal: not part of the API.
 */
public final class RunSettings {
  private RunSettings() {}

  /**
   * The request's settings as JSON, in a stable order, read back from text so that it compares
   * equal to what a file holds (an int written and read is an int, not a long).
   */
  public static JsonNode of(TuneRequest req) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("policy", req.policy().name());
    c.put("rounds", req.rounds());
    c.put("promptsPerStep", req.promptsPerStep());
    c.put("stepsPerRound", req.stepsPerRound());
    c.put("seed", req.seed());
    c.put("generator", req.generator().settings());
    c.put("scorer", req.scorer().name());
    c.put("scorerSettings", req.scorer().toString());
    c.put("trainer", req.trainer().name());
    c.put("trainerSettings", req.trainer().settings());
    c.put("collapseGuard", req.collapseGuard().describe());
    try {
      return StateJson.JSON.readTree(StateJson.JSON.writeValueAsString(c));
    } catch (JsonProcessingException e) {
      throw new ConfigurationException("the run's settings cannot be written as JSON (" + e.getOriginalMessage()
          + "): a generator's or trainer's settings() must hold plain values", e);
    }
  }
}

package ai.tao.spark;

import ai.tao.api.ChatMessage;
import ai.tao.api.Completion;
import ai.tao.api.FinishReason;
import ai.tao.api.Prompt;
import ai.tao.api.Rollout;
import ai.tao.api.SamplingParams;
import ai.tao.api.Score;
import ai.tao.api.ScoredRollout;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * What travels between the driver and the executors, as plain serializable values: the API's
 * records stay free of serialization concerns. Every conversion is exact (floats and doubles as
 * their bits, maps in their order), so a rollout sampled on an executor equals the one sampled in
 * process.
 */
final class Wire {
  private Wire() {}

  record WirePrompt(String id, String text, ArrayList<String> roles, ArrayList<String> contents,
      LinkedHashMap<String, String> metadata) implements Serializable {
    static WirePrompt of(Prompt p) {
      ArrayList<String> roles = new ArrayList<>();
      ArrayList<String> contents = new ArrayList<>();
      for (ChatMessage m : p.messages()) {
        roles.add(m.role());
        contents.add(m.content());
      }
      return new WirePrompt(p.id(), p.text(), roles, contents, new LinkedHashMap<>(p.metadata()));
    }

    Prompt toPrompt() {
      List<ChatMessage> messages = new ArrayList<>(roles.size());
      for (int i = 0; i < roles.size(); i++) {
        messages.add(new ChatMessage(roles.get(i), contents.get(i)));
      }
      return new Prompt(id, text, messages, metadata);
    }
  }

  record WireSampling(double temperature, int topK, double topP, int maxNewTokens, ArrayList<String> stopStrings,
      long seed, int candidatesPerPrompt) implements Serializable {
    static WireSampling of(SamplingParams p) {
      return new WireSampling(p.temperature(), p.topK(), p.topP(), p.maxNewTokens(), new ArrayList<>(p.stopStrings()),
          p.seed(), p.candidatesPerPrompt());
    }

    SamplingParams toParams() {
      return new SamplingParams(temperature, topK, topP, maxNewTokens, stopStrings, seed, candidatesPerPrompt);
    }
  }

  record WireCompletion(String text, int[] tokenIds, float[] logProbs, String finishReason) implements Serializable {
    static WireCompletion of(Completion c) {
      return new WireCompletion(c.text(), c.tokenIds(), c.logProbs(), c.finishReason().name());
    }

    Completion toCompletion() {
      return new Completion(text, tokenIds, logProbs, FinishReason.valueOf(finishReason));
    }
  }

  record WireScore(double value, LinkedHashMap<String, Double> components, boolean applicable, String reason)
      implements Serializable {
    static WireScore of(Score s) {
      return new WireScore(s.value(), new LinkedHashMap<>(s.components()), s.applicable(), s.reason());
    }

    Score toScore() {
      return new Score(value, components, applicable, reason);
    }
  }

  /** One scored rollout; its prompt and sampling settings are the driver's, put back on arrival. */
  record WireRollout(int[] promptTokenIds, ArrayList<WireCompletion> completions, ArrayList<WireScore> scores)
      implements Serializable {
    static WireRollout of(ScoredRollout s) {
      ArrayList<WireCompletion> cs = new ArrayList<>();
      s.rollout().completions().forEach(c -> cs.add(WireCompletion.of(c)));
      ArrayList<WireScore> ss = new ArrayList<>();
      s.scores().forEach(x -> ss.add(WireScore.of(x)));
      return new WireRollout(s.rollout().promptTokenIds(), cs, ss);
    }

    ScoredRollout toScored(Prompt prompt, SamplingParams params) {
      Rollout r = new Rollout(prompt, promptTokenIds, params,
          completions.stream().map(WireCompletion::toCompletion).toList());
      return new ScoredRollout(r, scores.stream().map(WireScore::toScore).toList());
    }
  }
}

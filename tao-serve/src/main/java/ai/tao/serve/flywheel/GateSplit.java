package ai.tao.serve.flywheel;

import ai.tao.api.Prompt;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A turn's prompts split into training and gate prompts by a hash of their content, each side in
 * content order. Concurrent clients land in the table in whatever order their requests finish, so
 * the row ids (and the prompt ids made from them) differ from run to run; content does not, so the
 * same traffic gives the same split, the same training order and the same tuned weights.
 *
 * @param train the prompts the round trains on
 * @param gate the prompts held out for the gate's shadow evaluation
 */
record GateSplit(List<Prompt> train, List<Prompt> gate) {

  static GateSplit of(List<Prompt> prompts, double gateFraction) {
    List<Prompt> sorted = new ArrayList<>(prompts);
    sorted.sort(Comparator.comparing(GateSplit::content));
    List<Prompt> train = new ArrayList<>();
    List<Prompt> gate = new ArrayList<>();
    for (Prompt p : sorted) {
      (bucket(p) < gateFraction ? gate : train).add(p);
    }
    // both sides need a prompt: move the one whose bucket lies nearest the boundary
    if (gate.isEmpty()) {
      Prompt p = train.stream().min(Comparator.comparingDouble(GateSplit::bucket)).orElseThrow();
      train.remove(p);
      gate.add(p);
    } else if (train.isEmpty()) {
      Prompt p = gate.stream().max(Comparator.comparingDouble(GateSplit::bucket)).orElseThrow();
      gate.remove(p);
      train.add(p);
    }
    return new GateSplit(List.copyOf(train), List.copyOf(gate));
  }

  /** What the prompt says: its text, or its messages with their roles. */
  static String content(Prompt p) {
    if (!p.isChat()) {
      return "text\u0000" + p.text();
    }
    StringBuilder b = new StringBuilder("chat");
    p.messages().forEach(m -> b.append('\u0000').append(m.role()).append('\u0001').append(m.content()));
    return b.toString();
  }

  /** A uniform number in [0, 1) from the content: the same on every run. */
  static double bucket(Prompt p) {
    return (Fingerprints.hash(content(p)) >>> 11) * 0x1.0p-53;
  }
}

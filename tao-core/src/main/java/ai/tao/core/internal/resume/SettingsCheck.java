package ai.tao.core.internal.resume;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compares the settings a run was started with against those it is resumed with, naming every
 * leaf that differs ({@code trainerSettings.learningRate: 0.03 in the interrupted run, 0.01 now}).
 *
 * <p>A value that prints as an object identity ({@code Foo@1b6d3586}, a lambda's {@code
 * Foo$$Lambda$14/0x…}) differs in every JVM, so it cannot be compared and is skipped: such a part
 * has no stable description (give it a {@code toString}), and only the rest of the settings guard
 * the resume.
 *
 * <p>Internal: not part of the API.
 */
public final class SettingsCheck {
  private static final Pattern IDENTITY = Pattern.compile(".*(\\$\\$Lambda|@[0-9a-f]{4,16}$).*", Pattern.DOTALL);

  private SettingsCheck() {}

  /** Whether a value is an object identity that differs from one JVM to the next. */
  public static boolean unstable(String value) {
    return IDENTITY.matcher(value).matches();
  }

  /**
   * Every leaf where {@code now} differs from {@code then}, as {@code path: X in the interrupted
   * run, Y now}, in the order of {@code now}'s keys (then keys only {@code then} has).
   *
   * @param prefix put before each path (empty at the top)
   */
  public static List<String> differences(JsonNode then, JsonNode now, String prefix) {
    List<String> out = new ArrayList<>();
    diff(then, now, prefix, out);
    return out;
  }

  private static void diff(JsonNode then, JsonNode now, String path, List<String> out) {
    if (then != null && now != null && then.isObject() && now.isObject()) {
      Set<String> keys = new LinkedHashSet<>();
      now.fieldNames().forEachRemaining(keys::add);
      then.fieldNames().forEachRemaining(keys::add);
      for (String k : keys) {
        diff(then.get(k), now.get(k), path.isEmpty() ? k : path + "." + k, out);
      }
      return;
    }
    if (then != null && now != null && then.isArray() && now.isArray() && then.size() == now.size()) {
      Iterator<JsonNode> a = then.elements();
      Iterator<JsonNode> b = now.elements();
      for (int i = 0; a.hasNext(); i++) {
        diff(a.next(), b.next(), path + "[" + i + "]", out);
      }
      return;
    }
    String a = text(then);
    String b = text(now);
    if (a.equals(b) || (unstable(a) && unstable(b))) {
      return;
    }
    out.add(path + ": " + a + " in the interrupted run, " + b + " now");
  }

  /** A leaf as text, so 1 read back from a file equals the long 1, and absent reads "(absent)". */
  private static String text(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "(absent)";
    }
    return n.isValueNode() ? n.asText() : n.toString();
  }
}

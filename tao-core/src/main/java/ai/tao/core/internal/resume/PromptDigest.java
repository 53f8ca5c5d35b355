package ai.tao.core.internal.resume;

import ai.tao.api.ChatMessage;
import ai.tao.api.Prompt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What a round's prompts were, as the prompt source gave them (before the round's shuffle): each
 * prompt's id and a hash of its content (text, or each message's role and content; metadata is
 * provenance and left out, so a moved prompt file still matches). A resume inside a round compares
 * the round's prompts with these and names the first that differs.
 *
 * <p>Internal: not part of the API.
 *
 * @param round 0-based round
 * @param ids prompt ids in source order
 * @param hashes the first 8 bytes of each prompt's SHA-256, hex
 */
public record PromptDigest(int round, List<String> ids, List<String> hashes) {
  public PromptDigest {
    ids = List.copyOf(ids);
    hashes = List.copyOf(hashes);
  }

  /** The digest of a round's prompts. */
  public static PromptDigest of(int round, List<Prompt> prompts) {
    List<String> ids = new ArrayList<>(prompts.size());
    List<String> hashes = new ArrayList<>(prompts.size());
    for (Prompt p : prompts) {
      ids.add(p.id());
      hashes.add(hash(p));
    }
    return new PromptDigest(round, ids, hashes);
  }

  /**
   * Empty when {@code now} holds the same prompts in the same order; else the first difference, in
   * words, with 1-based numbers.
   */
  public Optional<String> difference(PromptDigest now) {
    String r = "round " + (round + 1);
    if (ids.size() != now.ids.size()) {
      return Optional.of(r + " had " + ids.size() + " prompts in the interrupted run; the prompt source gives "
          + now.ids.size() + " now");
    }
    for (int i = 0; i < ids.size(); i++) {
      if (!ids.get(i).equals(now.ids.get(i))) {
        return Optional.of("prompt " + (i + 1) + " of " + r + " was '" + ids.get(i) + "' in the interrupted run, is '"
            + now.ids.get(i) + "' now");
      }
      if (!hashes.get(i).equals(now.hashes.get(i))) {
        return Optional.of("prompt '" + ids.get(i) + "' (" + (i + 1) + " of " + r + ") has another text or other"
            + " messages now than in the interrupted run");
      }
    }
    return Optional.empty();
  }

  public ObjectNode toJson() {
    ObjectNode n = StateJson.JSON.createObjectNode();
    n.put("round", round);
    ArrayNode a = n.putArray("prompts");
    for (int i = 0; i < ids.size(); i++) {
      a.addArray().add(ids.get(i)).add(hashes.get(i));
    }
    return n;
  }

  public static PromptDigest fromJson(JsonNode n) {
    List<String> ids = new ArrayList<>();
    List<String> hashes = new ArrayList<>();
    n.get("prompts").forEach(p -> {
      ids.add(p.get(0).asText());
      hashes.add(p.get(1).asText());
    });
    return new PromptDigest(n.get("round").asInt(), ids, hashes);
  }

  private static String hash(Prompt p) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    if (p.isChat()) {
      for (ChatMessage m : p.messages()) {
        field(sha, "role", m.role());
        field(sha, "content", m.content());
      }
    } else {
      field(sha, "text", p.text());
    }
    byte[] d = sha.digest();
    return HexFormat.of().formatHex(d, 0, 8);
  }

  /** Length-prefixed, so ("ab", "c") and ("a", "bc") hash apart. */
  private static void field(MessageDigest sha, String name, String value) {
    byte[] b = value.getBytes(StandardCharsets.UTF_8);
    sha.update(name.getBytes(StandardCharsets.UTF_8));
    sha.update(Integer.toString(b.length).getBytes(StandardCharsets.UTF_8));
    sha.update((byte) ':');
    sha.update(b);
  }
}

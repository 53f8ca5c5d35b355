package ai.tao.rewards.judge;

import ai.tao.api.ConfigurationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judge replies kept on disk, one JSON file per request, so a rerun of the same run costs no calls.
 *
 * <p>The key is a SHA-256 of the judge mode and the exact request body: the model, the reply-token
 * limit and both messages, which hold the rubric, the template, the question and the candidate
 * texts in the order shown. Change any of them and the key changes. The value is the raw reply text
 * and its token usage; replies are cached even when they cannot be parsed (at temperature 0, asking
 * again would most likely give the same reply), failed calls are not.
 *
 * <p>Files are written to a temporary name and moved into place, so a crash leaves no half-written
 * entry and two scorers may share a directory. An entry that cannot be read is a miss, logged.
 */
final class JudgeCache {
  private static final Logger LOG = LoggerFactory.getLogger(JudgeCache.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VERSION = "tao-judge-cache-v1";

  private final Path dir;

  /** @throws ConfigurationException if {@code dir} cannot be created */
  JudgeCache(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ConfigurationException("judge cache directory " + dir.toAbsolutePath()
          + " cannot be created: " + e + "; choose a writable cacheDir", e);
    }
  }

  Path dir() {
    return dir;
  }

  /** The key of a request: a hex SHA-256 of the cache version, the mode and the body. */
  static String key(JudgeMode mode, String body) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((VERSION + "\0" + mode.id() + "\0").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The cached reply of {@code key}; empty on a miss or an unreadable entry. */
  Optional<ChatReply> get(String key) {
    Path file = file(key);
    try {
      JsonNode n = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
      JsonNode content = n.path("content");
      if (!content.isTextual()) {
        LOG.warn("judge cache entry {} has no reply text; asking the judge again", file);
        return Optional.empty();
      }
      return Optional.of(new ChatReply(content.asText(), n.path("prompt_tokens").asLong(0),
          n.path("completion_tokens").asLong(0)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      LOG.warn("judge cache entry {} cannot be read ({}); asking the judge again", file, e.toString());
      return Optional.empty();
    }
  }

  /** Stores {@code reply} under {@code key}; a write that fails is logged, and the reply still used. */
  void put(String key, ChatReply reply) {
    String json = JSON.createObjectNode().put("content", reply.content())
        .put("prompt_tokens", reply.promptTokens()).put("completion_tokens", reply.completionTokens()).toString();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(dir, key, ".tmp");
      Files.writeString(tmp, json, StandardCharsets.UTF_8);
      Files.move(tmp, file(key), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn("judge cache entry {} cannot be written ({}); the reply is used but not kept", file(key), e.toString());
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the warning above already says the entry is lost
        }
      }
    }
  }

  private Path file(String key) {
    return dir.resolve(key + ".json");
  }

  @Override
  public String toString() {
    return dir.toString();
  }
}

package ai.tao.serve.registry;

import ai.tao.api.ConfigurationException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What the registry knows about one version: written once, as {@code manifest.json} in the
 * version's folder, when the version is registered, and never changed after.
 *
 * <p>The file, in snake case:
 *
 * <pre>{@code
 * {"format": 1, "id": "v0002", "parent": "v0001", "dataset_version": "rows<=18422",
 *  "settings": {"rounds": "3", "scorer": "sql-exec"},
 *  "metrics": {"shadow.candidate_mean": 0.61, "shadow.current_mean": 0.55},
 *  "created_at": "2025-01-31T09:12:44.120Z", "status": "approved"}
 * }</pre>
 *
 * {@code parent} and {@code dataset_version} are absent when empty.
 *
 * @param id the version id, which is also the name of its folder ({@code v0001}, …): a letter or
 *     digit, then up to 63 letters, digits, '.', '_' or '-'
 * @param parent the version this one was tuned from; empty for a base model
 * @param datasetVersion which data it was tuned on (an inference-table watermark, a file's hash),
 *     free text; empty if not said
 * @param settings the tune settings, flat name → value as text ({@code rounds=3}); for people and
 *     diffs, never parsed back
 * @param metrics named measurements, finite: usually the gate's ({@link GateDecision#metrics()})
 * @param createdAt when the version was registered
 * @param status the verdict at registration; which version serves is the registry's pointer, not
 *     this
 * @since 0.5
 */
public record VersionManifest(String id, Optional<String> parent, Optional<String> datasetVersion,
    Map<String, String> settings, Map<String, Double> metrics, Instant createdAt, VersionStatus status) {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /**
   * @throws ConfigurationException if an id is malformed, a settings name is blank or a metric is not
   *     finite
   */
  public VersionManifest {
    checkId(id, "id");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(datasetVersion, "datasetVersion");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(status, "status");
    parent.ifPresent(v -> checkId(v, "parent"));
    datasetVersion.ifPresent(v -> checkText(v, "datasetVersion"));
    settings = settingsCopy(settings);
    metrics = metricsCopy(metrics);
  }

  /** The manifest a registration becomes under {@code id} at {@code createdAt}. */
  static VersionManifest of(String id, Registration r, Instant createdAt) {
    return new VersionManifest(id, r.parent(), r.datasetVersion(), r.settings(), r.metrics(), createdAt, r.status());
  }

  /** Whether {@code id} is a well-formed version id. */
  static boolean isId(String id) {
    return ID.matcher(id).matches();
  }

  static void checkId(String id, String what) {
    Objects.requireNonNull(id, what);
    if (!isId(id)) {
      throw new ConfigurationException(what + " '" + id + "' is not a version id: use a letter or digit, then up to 63"
          + " letters, digits, '.', '_' or '-' (it names a folder)");
    }
  }

  static void checkText(String text, String what) {
    Objects.requireNonNull(text, what);
    if (text.isBlank()) {
      throw new ConfigurationException(what + " must not be blank when given; leave it out instead");
    }
  }

  private static String checkName(String name, String what) {
    if (name == null || name.isBlank()) {
      throw new ConfigurationException("a " + what + " name must not be blank, got '" + name + "'");
    }
    return name;
  }

  static Map<String, String> settingsCopy(Map<String, String> settings) {
    Objects.requireNonNull(settings, "settings");
    Map<String, String> copy = new LinkedHashMap<>();
    settings.forEach((k, v) -> copy.put(checkName(k, "settings"), Objects.requireNonNull(v,
        () -> "settings value of '" + k + "'")));
    return Collections.unmodifiableMap(copy);
  }

  static Map<String, Double> metricsCopy(Map<String, Double> metrics) {
    Objects.requireNonNull(metrics, "metrics");
    Map<String, Double> copy = new LinkedHashMap<>();
    metrics.forEach((k, v) -> {
      if (v == null || !Double.isFinite(v)) {
        throw new ConfigurationException("metric '" + k + "' must be a finite number, got " + v);
      }
      copy.put(checkName(k, "metric"), v);
    });
    return Collections.unmodifiableMap(copy);
  }
}

package ai.tao.serve.registry;

import ai.tao.api.ConfigurationException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the caller says about a version it registers; the registry adds the id (unless given) and
 * the time, and writes the result as the version's {@link VersionManifest}. Build with {@link
 * #builder()}; every default is documented on the {@link Builder} field.
 *
 * @param id the id to register under; empty for the next free {@code vNNNN}
 * @param parent the version this one was tuned from; empty for a base model
 * @param datasetVersion which data it was tuned on, free text; empty if not said
 * @param settings the tune settings, flat name → value as text
 * @param metrics named measurements, finite
 * @param status the gate's verdict
 * @since 0.5
 */
public record Registration(Optional<String> id, Optional<String> parent, Optional<String> datasetVersion,
    Map<String, String> settings, Map<String, Double> metrics, VersionStatus status) {

  /**
   * @throws ConfigurationException if an id is malformed, a settings name is blank or a metric is not
   *     finite
   */
  public Registration {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(datasetVersion, "datasetVersion");
    Objects.requireNonNull(status, "status");
    id.ifPresent(v -> VersionManifest.checkId(v, "id"));
    parent.ifPresent(v -> VersionManifest.checkId(v, "parent"));
    datasetVersion.ifPresent(v -> VersionManifest.checkText(v, "datasetVersion"));
    settings = VersionManifest.settingsCopy(settings);
    metrics = VersionManifest.metricsCopy(metrics);
  }

  /** A builder holding every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these values. */
  public Builder toBuilder() {
    Builder b = new Builder().settings(settings).metrics(metrics).status(status);
    b.id = id.orElse(null);
    b.parent = parent.orElse(null);
    b.datasetVersion = datasetVersion.orElse(null);
    return b;
  }

  /**
   * Fluent builder for {@link Registration}; {@link #build()} validates.
   *
   * @since 0.5
   */
  public static final class Builder {
    /** Version id. Default none: the registry takes the next free {@code vNNNN}. */
    private String id;

    /** Parent version. Default none: a base model, tuned from nothing the registry holds. */
    private String parent;

    /**
     * Dataset version. Default none. Say which data the version was tuned on (an inference-table
     * watermark such as {@code rows<=18422}, a file's hash), so that a version can be reproduced.
     */
    private String datasetVersion;

    /**
     * Tune settings as flat name → text, for example {@code rounds=3}, {@code learningRate=1e-6},
     * {@code scorer=sql-exec}. Default none. For people and diffs: the registry never parses them.
     */
    private Map<String, String> settings = new LinkedHashMap<>();

    /**
     * Measurements, name → finite number: usually {@link GateDecision#metrics()}. Default none.
     */
    private Map<String, Double> metrics = new LinkedHashMap<>();

    /** Verdict. Default {@link VersionStatus#CANDIDATE}: registered without a gate's verdict. */
    private VersionStatus status = VersionStatus.CANDIDATE;

    private Builder() {}

    public Builder id(String id) {
      this.id = Objects.requireNonNull(id, "id");
      return this;
    }

    public Builder parent(String parent) {
      this.parent = Objects.requireNonNull(parent, "parent");
      return this;
    }

    public Builder datasetVersion(String datasetVersion) {
      this.datasetVersion = Objects.requireNonNull(datasetVersion, "datasetVersion");
      return this;
    }

    /** Replaces the settings with {@code settings}, in its iteration order. */
    public Builder settings(Map<String, String> settings) {
      this.settings = new LinkedHashMap<>(Objects.requireNonNull(settings, "settings"));
      return this;
    }

    /** Adds or replaces one setting. */
    public Builder setting(String name, String value) {
      settings.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Replaces the metrics with {@code metrics}, in its iteration order. */
    public Builder metrics(Map<String, Double> metrics) {
      this.metrics = new LinkedHashMap<>(Objects.requireNonNull(metrics, "metrics"));
      return this;
    }

    /** Adds or replaces one metric. */
    public Builder metric(String name, double value) {
      metrics.put(Objects.requireNonNull(name, "name"), value);
      return this;
    }

    public Builder status(VersionStatus status) {
      this.status = Objects.requireNonNull(status, "status");
      return this;
    }

    /**
     * The gate's verdict and numbers: {@link VersionStatus#APPROVED} or {@link
     * VersionStatus#REJECTED} by {@link GateDecision#promote()}, and {@link GateDecision#metrics()}
     * added to the metrics.
     */
    public Builder gate(GateDecision decision) {
      Objects.requireNonNull(decision, "decision");
      status = decision.promote() ? VersionStatus.APPROVED : VersionStatus.REJECTED;
      metrics.putAll(decision.metrics());
      return this;
    }

    /**
     * @throws ConfigurationException if an id is malformed, a settings name is blank or a metric is
     *     not finite
     */
    public Registration build() {
      return new Registration(Optional.ofNullable(id), Optional.ofNullable(parent), Optional.ofNullable(datasetVersion),
          settings, metrics, status);
    }
  }
}

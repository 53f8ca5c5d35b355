package ai.tao.core;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.tao.api.ModelLoadException;
import java.util.function.Supplier;

/**
 * The one place that starts DJL's PyTorch engine and picks the device (the first GPU when the
 * engine sees one, else the CPU).
 *
 * <p><b>JVM-wide state.</b> The library leaves the host's JVM as it found it, with two documented
 * exceptions that DJL itself imposes: PyTorch's grad mode is per thread and set only inside {@link
 * #noGrad()} scopes, which restore it; and the engine, once started, lives until the JVM exits. So
 * that nothing is downloaded (no engine flavour, no tokenizer build) and DJL's usage report is not
 * sent, the engine and the tokenizers' native library start with the system properties {@code
 * ai.djl.offline=true} and {@code RUST_FLAVOR=cpu} set where the host set neither the property nor
 * the environment variable; {@link #withDjlOffline} removes them again as soon as the native
 * library has loaded. Sampling uses no engine-global random generator (see {@link
 * ai.tao.core.sampling.Sampler}).
 *
 * @since 0.1
 */
public final class TaoRuntime {
  private static volatile Engine engine;

  private TaoRuntime() {}

  /** The PyTorch engine, started offline on first use. */
  public static Engine engine() {
    Engine e = engine;
    if (e == null) {
      synchronized (TaoRuntime.class) {
        if (engine == null) {
          engine = withDjlOffline(() -> {
            try {
              return Engine.getEngine("PyTorch");
            } catch (RuntimeException ex) {
              throw new ModelLoadException("cannot start DJL's PyTorch engine offline: " + ex.getMessage()
                  + "; pytorch-native-cpu (linux-x86_64) and pytorch-jni must be on the classpath", ex);
            }
          });
        }
        e = engine;
      }
    }
    return e;
  }

  /**
   * Runs {@code action} with {@code ai.djl.offline=true} and {@code RUST_FLAVOR=cpu} set as system
   * properties where neither the property nor the environment variable is set, and removes what it
   * set afterwards. For code that loads a DJL native library (the engine, the tokenizers); other
   * threads may see the properties while it runs.
   */
  public static <T> T withDjlOffline(Supplier<T> action) {
    synchronized (TaoRuntime.class) {
      boolean setOffline = setIfUnset("ai.djl.offline", "DJL_OFFLINE", "true");
      boolean setFlavor = setIfUnset("RUST_FLAVOR", "RUST_FLAVOR", "cpu");
      try {
        return action.get();
      } finally {
        if (setOffline) {
          System.clearProperty("ai.djl.offline");
        }
        if (setFlavor) {
          System.clearProperty("RUST_FLAVOR");
        }
      }
    }
  }

  private static boolean setIfUnset(String property, String environmentVariable, String value) {
    if (System.getProperty(property) == null && System.getenv(environmentVariable) == null) {
      System.setProperty(property, value);
      return true;
    }
    return false;
  }

  /** The device arrays are created on. */
  public static Device device() {
    return engine().defaultDevice();
  }

  /** A new root manager on {@link #device()}. Close it. */
  public static NDManager newManager() {
    return engine().newBaseManager(device());
  }

  /**
   * A gradient collector of the engine. DJL allows one open collector per JVM at a time, so two
   * trainers must not run a step concurrently.
   */
  public static GradientCollector newGradientCollector() {
    return engine().newGradientCollector();
  }

  /** Whether autograd records on the calling thread. */
  public static boolean gradEnabled() {
    engine();
    return JniUtils.isGradMode();
  }

  /**
   * Turns autograd off on the calling thread until the returned scope closes, then restores what
   * was there: {@code try (var g = TaoRuntime.noGrad()) { ... }}.
   */
  public static GradScope noGrad() {
    boolean was = gradEnabled();
    JniUtils.setGradMode(false);
    return () -> JniUtils.setGradMode(was);
  }

  /** A grad-mode change undone on close. */
  @FunctionalInterface
  public interface GradScope extends AutoCloseable {
    @Override
    void close();
  }
}

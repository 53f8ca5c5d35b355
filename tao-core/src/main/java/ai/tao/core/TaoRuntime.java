package ai.tao.core;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.tao.api.ModelLoadException;

/**
 * The one place that starts DJL's PyTorch engine. Forces offline mode first, so no model, native
 * library or tokenizer flavour is ever downloaded, and picks the device once: the first GPU when
 * the engine sees one, else the CPU.
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
          System.setProperty("ai.djl.offline", "true");
          // The CPU native library ships on the classpath (pytorch-native-cpu); this stops DJL
          // from trying to fetch a CUDA flavour of the tokenizers on GPU machines.
          if (System.getProperty("RUST_FLAVOR") == null && System.getenv("RUST_FLAVOR") == null) {
            System.setProperty("RUST_FLAVOR", "cpu");
          }
          try {
            engine = Engine.getEngine("PyTorch");
          } catch (RuntimeException ex) {
            throw new ModelLoadException("cannot start DJL's PyTorch engine offline: " + ex.getMessage()
                + "; pytorch-native-cpu (linux-x86_64) and pytorch-jni must be on the classpath", ex);
          }
        }
        e = engine;
      }
    }
    return e;
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
   * Turns autograd recording on or off for the calling thread (PyTorch's grad mode is per thread);
   * sampling runs with it off so no graph is built.
   */
  public static void setGradEnabled(boolean enabled) {
    engine();
    JniUtils.setGradMode(enabled);
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

  /** Seeds the engine's random generator (used by sampling). */
  public static void seed(long seed) {
    engine();
    JniUtils.setSeed(seed);
  }
}

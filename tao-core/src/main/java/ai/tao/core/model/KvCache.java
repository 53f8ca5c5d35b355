package ai.tao.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Preallocated keys and values for every layer, (B, KV, capacity, hd) each, written in place as
 * decoding advances so no step reallocates or concatenates. {@link #selectRows} regathers the
 * batch: to share one prompt's prefill across its candidates, or to drop rows that have finished.
 *
 * @since 0.1
 */
public final class KvCache implements AutoCloseable {
  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private int batch;
  private final int capacity;
  private int length;

  public KvCache(ModelConfig c, int batch, int capacity, NDManager parent) {
    if (capacity > c.maxPositions()) {
      throw new IllegalArgumentException(
          "cache capacity " + capacity + " exceeds max_position_embeddings " + c.maxPositions());
    }
    this.manager = parent.newSubManager();
    this.capacity = capacity;
    this.batch = batch;
    this.keys = new NDArray[c.numLayers()];
    this.values = new NDArray[c.numLayers()];
    Shape s = new Shape(batch, c.numKvHeads(), capacity, c.headDim());
    for (int i = 0; i < keys.length; i++) {
      keys[i] = manager.zeros(s, DataType.FLOAT32);
      values[i] = manager.zeros(s, DataType.FLOAT32);
    }
  }

  /** Keys and values of one layer over [0, start+T), (B, KV, S, hd) each. */
  record Window(NDArray keys, NDArray values) {}

  /** Writes (B, KV, T, hd) at positions [start, start+T) and returns views over [0, start+T). */
  Window append(int layer, int start, NDArray k, NDArray v) {
    int t = (int) k.getShape().get(2);
    if (start + t > capacity) {
      throw new IllegalStateException("KV cache overflow: " + (start + t) + " > capacity " + capacity);
    }
    NDIndex slot = new NDIndex(":, :, {}:{}", start, start + t);
    keys[layer].set(slot, k);
    values[layer].set(slot, v);
    NDIndex upTo = new NDIndex(":, :, :{}", start + t);
    NDArray kv = keys[layer].get(upTo);
    NDArray vv = values[layer].get(upTo);
    // Views are created in the cache's manager; hand them to the step's scope so they close with it.
    kv.attach(k.getManager());
    vv.attach(k.getManager());
    return new Window(kv, vv);
  }

  /**
   * Replaces the batch by the rows {@code rows} names, in that order; a row may appear several
   * times (one prompt's prefill copied to each of its candidates) or not at all (a finished row
   * leaving). Length and capacity are kept.
   *
   * @param rows (B') int64 indices into the current batch
   */
  public void selectRows(NDArray rows) {
    NDIndex pick = new NDIndex("{}", rows);
    for (int i = 0; i < keys.length; i++) {
      NDArray k = keys[i].get(pick); // (B', KV, capacity, hd)
      NDArray v = values[i].get(pick);
      k.attach(manager);
      v.attach(manager);
      keys[i].close();
      values[i].close();
      keys[i] = k;
      values[i] = v;
    }
    batch = Math.toIntExact(rows.getShape().get(0));
  }

  /** Rows in the batch. */
  public int batch() {
    return batch;
  }

  /** Tokens written so far. */
  public int length() {
    return length;
  }

  void advance(int t) {
    length += t;
  }

  public int capacity() {
    return capacity;
  }

  @Override
  public void close() {
    manager.close();
  }
}

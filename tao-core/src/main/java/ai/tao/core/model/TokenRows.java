package ai.tao.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/**
 * Rows of arrays flattened to one row per token, (N, ...), as the chunked head and the losses built
 * on it read them: a chunk's rows [from, to), and the chunks joined back.
 */
public final class TokenRows {
  private TokenRows() {}

  /** Rows [from, to) of {@code a} along its first axis: a view, no copy. */
  public static NDArray range(NDArray a, long from, long to) {
    return a.get(new NDIndex("{}:{}", from, to));
  }

  /** The parts joined along the first axis; one part is returned as it is, uncopied. */
  public static NDArray joined(NDList parts) {
    return parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
  }
}

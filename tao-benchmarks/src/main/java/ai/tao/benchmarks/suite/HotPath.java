package ai.tao.benchmarks.suite;

/**
 * One hot path measured in this JVM and, where the peer is installed, in the peer
 * ({@code peer_llama.py}, eager PyTorch) on the same shape and work, in the same run.
 *
 * @param path {@code rollout} (batched KV-cache sampling) or {@code train_step} (GRPO step)
 * @param shape the peer's shape name
 * @param work what one measured operation is, such as "batch 32, prompt 64, 64 new tokens"
 * @param tokensPerSecond this project's throughput
 * @param peerTokensPerSecond the peer's, {@code null} where the peer is not installed
 * @param ratio this project's over the peer's, {@code null} without the peer
 * @param gflops this project's matmul work rate on the path (estimated FLOPs / seconds)
 * @param fractionOfGemm {@code gflops} over the machine's measured GEMM rate
 */
public record HotPath(String path, String shape, String work, double tokensPerSecond, Double peerTokensPerSecond,
    Double ratio, double gflops, double fractionOfGemm) {}

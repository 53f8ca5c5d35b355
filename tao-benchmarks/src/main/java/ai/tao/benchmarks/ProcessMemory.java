package ai.tao.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's memory as Linux reports it in {@code /proc/self/status}, for the memory checks. */
final class ProcessMemory {
  private ProcessMemory() {}

  /** Resident set size now (VmRSS), KiB; -1 where the file has no such line. */
  static long residentKib() throws IOException {
    return field("VmRSS:");
  }

  /** Peak resident set size so far (VmHWM), KiB; -1 where the file has no such line. */
  static long peakResidentKib() throws IOException {
    return field("VmHWM:");
  }

  private static long field(String name) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(name)) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}

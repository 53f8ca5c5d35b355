package ai.tao.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Hand-made safetensors bytes for tests: a header length, header bytes and data, each as given. */
final class RawSafetensors {
  private RawSafetensors() {}

  /** 8-byte little-endian length of {@code header}, then the header and {@code dataBytes} zero bytes. */
  static byte[] bytes(String header, int dataBytes) {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    return bytes(h.length, h, dataBytes);
  }

  /** {@code declaredLength} as the 8-byte header length, whatever {@code header}'s real length. */
  static byte[] bytes(long declaredLength, byte[] header, int dataBytes) {
    ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(declaredLength).put(header);
    return b.array();
  }

  static Path write(Path dir, String fileName, byte[] bytes) throws IOException {
    Path file = dir.resolve(fileName);
    Files.write(file, bytes);
    return file;
  }
}

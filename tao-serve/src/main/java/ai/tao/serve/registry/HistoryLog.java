package ai.tao.serve.registry;

import ai.tao.api.ModelLoadException;
import ai.tao.api.OutputException;
import ai.tao.core.io.Durable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The append-only promotion history, {@code history.jsonl}: one {@link HistoryEntry} a line, each
 * appended and synced to disk in one write.
 *
 * <p>A crash in the middle of an append leaves a last line without its newline. Reading ignores
 * such a torn tail; {@link #repairTail} cuts it off, so the next append starts on a line of its own.
 * A malformed line anywhere else is not a crash's doing: reading fails, naming the file and line.
 */
final class HistoryLog {
  private static final Logger LOG = LoggerFactory.getLogger(HistoryLog.class);

  private final Path file;

  HistoryLog(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  /** Every complete entry, oldest first; empty when there is no file yet. */
  List<HistoryEntry> read() {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new ModelLoadException("cannot read the promotion history " + file + ": " + e.getMessage(), e);
    }
    List<HistoryEntry> entries = new ArrayList<>();
    int start = 0;
    for (int line = 1, end; (end = text.indexOf('\n', start)) >= 0; line++, start = end + 1) {
      String s = text.substring(start, end);
      if (s.isBlank()) {
        continue;
      }
      try {
        entries.add(RegistryJson.historyLine(s));
      } catch (IllegalArgumentException e) {
        throw new ModelLoadException(file + ":" + line + " is not a promotion history entry (" + e.getMessage()
            + "): the file was edited by hand; fix or remove that line", e);
      }
    }
    return entries;
  }

  /** Appends {@code entry} and syncs it to disk. */
  void append(HistoryEntry entry) {
    repairTail();
    byte[] line = (RegistryJson.historyLine(entry) + "\n").getBytes(StandardCharsets.UTF_8);
    boolean created = !Files.exists(file);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      ByteBuffer b = ByteBuffer.wrap(line);
      while (b.hasRemaining()) {
        ch.write(b);
      }
      ch.force(true);
      if (created) {
        Durable.syncDir(file.toAbsolutePath().getParent());
      }
    } catch (IOException e) {
      throw new OutputException("cannot append to the promotion history " + file + ": " + e.getMessage()
          + "; check the disk and permissions", e);
    }
  }

  /** Cuts off a last line without its newline: what a crash during {@link #append} leaves. */
  void repairTail() {
    if (!Files.exists(file)) {
      return;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      long keep = size;
      ByteBuffer one = ByteBuffer.allocate(1);
      while (keep > 0) {
        one.clear();
        ch.read(one, keep - 1);
        if (one.get(0) == '\n') {
          break;
        }
        keep--;
      }
      if (keep < size) {
        LOG.warn("promotion history {} ends in a torn line ({} bytes, left by a crash during an append); cutting it off",
            file, size - keep);
        ch.truncate(keep);
        ch.force(true);
      }
    } catch (IOException e) {
      throw new OutputException("cannot repair the promotion history " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The stack of current versions the entries leave, oldest at index 0 and the current one last: a
   * promotion pushes its {@code to}, a rollback pops the top.
   */
  static List<String> stack(List<HistoryEntry> entries) {
    List<String> stack = new ArrayList<>();
    for (HistoryEntry e : entries) {
      if (e.change() == HistoryEntry.Change.ROLLBACK && !stack.isEmpty()) {
        stack.remove(stack.size() - 1);
      }
      if (stack.isEmpty() || !stack.get(stack.size() - 1).equals(e.to())) {
        stack.add(e.to());
      }
    }
    return stack;
  }
}

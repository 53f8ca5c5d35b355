package ai.tao.serve.table;

import ai.tao.api.OutputException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of an {@link InferenceTable}: a bounded queue that never blocks a producer, and one
 * thread that inserts what is queued in JDBC batches. See {@link InferenceTable} for the policy.
 */
final class BatchedWriter {
  private static final Logger LOG = LoggerFactory.getLogger(BatchedWriter.class);

  /** Opens a connection to the table's database. */
  @FunctionalInterface
  interface Connector {
    Connection connect() throws SQLException;
  }

  /** Queue entries: a row to write, or a marker the writer acknowledges once it has written all before it. */
  private sealed interface Entry permits RowEntry, Marker {}

  private record RowEntry(Inference inference) implements Entry {}

  private record Marker(CountDownLatch reached, boolean last) implements Entry {}

  private final String table;
  private final String insertSql;
  private final Connector connector;
  private final int maxBatchRows;
  private final BlockingQueue<Entry> queue;
  private final Thread thread;
  /** Held shared by {@link #record} and exclusively by {@link #close}: no row slips in behind the last marker. */
  private final ReadWriteLock closing = new ReentrantReadWriteLock();
  private volatile boolean closed;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private Connection connection; // the writer thread's alone once started

  BatchedWriter(String table, String columns, Connector connector, Connection first, int queueCapacity,
      int maxBatchRows) {
    this.table = table;
    this.insertSql = "INSERT INTO " + table + " (" + columns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    this.connector = connector;
    this.connection = first;
    this.maxBatchRows = maxBatchRows;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.thread = new Thread(this::loop, "tao-inference-writer");
    thread.setDaemon(true); // close() drains; a forgotten table must not keep the JVM alive
    thread.start();
  }

  boolean record(Inference inference) {
    closing.readLock().lock();
    try {
      if (!closed && queue.offer(new RowEntry(inference))) {
        return true;
      }
    } finally {
      closing.readLock().unlock();
    }
    long n = dropped.incrementAndGet();
    if (Long.bitCount(n) == 1) {
      LOG.warn("inference table {}: dropped row {} ({} dropped so far): {}", table, inference.requestId(), n,
          closed ? "the table is closed" : "the write queue is full; raise queueCapacity if the writer falls behind");
    }
    return false;
  }

  void flush() {
    CountDownLatch reached = new CountDownLatch(1);
    closing.readLock().lock();
    try {
      if (closed) {
        return; // close() drained everything
      }
      queue.put(new Marker(reached, false));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OutputException("interrupted while flushing the inference table " + table, e);
    } finally {
      closing.readLock().unlock();
    }
    await(reached);
  }

  TableStats stats() {
    return new TableStats(written.get(), dropped.get(), failed.get(), queue.size());
  }

  /** @return false if it was closed already */
  boolean close() {
    CountDownLatch reached = new CountDownLatch(1);
    closing.writeLock().lock();
    try {
      if (closed) {
        return false;
      }
      closed = true;
      // Blocking is fine here: the writer is draining, and no record() can add behind this marker.
      queue.put(new Marker(reached, true));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OutputException("interrupted while closing the inference table " + table + "; rows still queued: "
          + queue.size(), e);
    } finally {
      closing.writeLock().unlock();
    }
    await(reached);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  private void await(CountDownLatch reached) {
    try {
      reached.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OutputException("interrupted while waiting for the inference table " + table + " to write", e);
    }
  }

  private void loop() {
    List<Entry> batch = new ArrayList<>(maxBatchRows);
    List<Inference> rows = new ArrayList<>(maxBatchRows);
    boolean last = false;
    while (!last) {
      batch.clear();
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        continue; // only close() ends the loop, through its marker
      }
      queue.drainTo(batch, maxBatchRows - 1);
      rows.clear();
      for (Entry e : batch) {
        if (e instanceof RowEntry r) {
          rows.add(r.inference());
        } else if (e instanceof Marker m) {
          write(rows); // everything before the marker, then acknowledge it
          rows.clear();
          m.reached().countDown();
          last |= m.last();
        }
      }
      write(rows);
    }
    InferenceTable.closeQuietly(connection);
  }

  private void write(List<Inference> rows) {
    if (rows.isEmpty()) {
      return;
    }
    try {
      Connection c = connection();
      try {
        insert(c, rows);
        c.commit();
        written.addAndGet(rows.size());
        return;
      } catch (SQLException e) {
        rollbackQuietly(c);
        LOG.warn("inference table {}: a batch of {} rows failed ({}); retrying row by row", table, rows.size(),
            e.getMessage());
      }
      for (Inference row : rows) {
        try {
          insert(c, List.of(row));
          c.commit();
          written.incrementAndGet();
        } catch (SQLException e) {
          rollbackQuietly(c);
          failed.incrementAndGet();
          LOG.error("inference table {}: row {} was not written: {}", table, row.requestId(), e.getMessage());
        }
      }
    } catch (SQLException | RuntimeException | Error e) { // the writer outlives any failure, or close() would hang
      failed.addAndGet(rows.size());
      LOG.error("inference table {}: {} rows were not written, the database is unreachable: {}", table, rows.size(),
          e.getMessage());
      InferenceTable.closeQuietly(connection);
      connection = null; // reconnect on the next batch
    }
  }

  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      connection = connector.connect();
    }
    connection.setAutoCommit(false);
    return connection;
  }

  private void insert(Connection c, List<Inference> rows) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(insertSql)) {
      for (Inference r : rows) {
        ps.setString(1, r.requestId());
        ps.setObject(2, OffsetDateTime.ofInstant(r.createdAt(), ZoneOffset.UTC));
        ps.setString(3, r.endpoint());
        ps.setString(4, r.modelVersion());
        ps.setString(5, r.requestJson());
        ps.setString(6, r.responseText());
        ps.setString(7, r.responseJson());
        ps.setString(8, r.finishReason());
        ps.setInt(9, r.promptTokens());
        ps.setInt(10, r.completionTokens());
        ps.setLong(11, r.latencyMs());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      LOG.debug("rollback failed", e);
    }
  }
}

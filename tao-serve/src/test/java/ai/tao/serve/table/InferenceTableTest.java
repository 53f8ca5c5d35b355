package ai.tao.serve.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ConfigurationException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferenceTableTest {
  @TempDir Path dir;

  static Inference row(String id) {
    return new Inference(id, Instant.parse("2025-01-02T03:04:05.123Z"), Inference.CHAT, "v1",
        "{\"messages\":[{\"role\":\"user\",\"content\":\"héllo ✓\"}]}", "answer " + id,
        "[{\"index\":0,\"text\":\"answer " + id + "\",\"finish_reason\":\"stop\"}]", "stop", 7, 3, 12);
  }

  @Test
  void rowsSurviveCloseAndReopenWithEveryColumn() {
    try (InferenceTable t = InferenceTable.open(dir)) {
      assertThat(t.record(row("a"))).isTrue();
      assertThat(t.record(row("b"))).isTrue();
    }
    try (InferenceTable t = InferenceTable.open(dir)) {
      List<InferenceRow> rows = t.rowsSince(0, 10);
      assertThat(rows).extracting(r -> r.inference().requestId()).containsExactly("a", "b");
      assertThat(rows.get(0).inference()).isEqualTo(row("a"));
      assertThat(rows.get(0).feedback()).isEmpty();
      assertThat(rows.get(1).id()).isGreaterThan(rows.get(0).id());
      assertThat(t.count()).isEqualTo(2);
    }
  }

  @Test
  void closeWritesEveryQueuedRow() {
    int n = 5_000;
    try (InferenceTable t = InferenceTable.builder().directory(dir).maxBatchRows(64).build()) {
      for (int i = 0; i < n; i++) {
        assertThat(t.record(row("r" + i))).isTrue();
      }
    } // close() right after queueing: most rows are still waiting
    try (InferenceTable t = InferenceTable.open(dir)) {
      assertThat(t.count()).isEqualTo(n);
      assertThat(t.stats().written()).isZero(); // counters belong to one opening
    }
  }

  @Test
  void concurrentProducersLoseNothingAndIdsPageInOrder() throws Exception {
    int threads = 8;
    int each = 500;
    try (InferenceTable t = InferenceTable.builder().directory(dir).maxBatchRows(100).build()) {
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> producers = new ArrayList<>();
      for (int p = 0; p < threads; p++) {
        int id = p;
        Thread th = new Thread(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            return;
          }
          for (int i = 0; i < each; i++) {
            t.record(row("p" + id + "-" + i));
          }
        });
        th.start();
        producers.add(th);
      }
      go.countDown();
      for (Thread th : producers) {
        th.join();
      }
      t.flush();
      assertThat(t.stats().written()).isEqualTo((long) threads * each);
      assertThat(t.stats().dropped()).isZero();
      assertThat(t.stats().queued()).isZero();
      Set<String> seen = new HashSet<>();
      long watermark = 0;
      long previous = 0;
      for (List<InferenceRow> page = t.rowsSince(watermark, 333); !page.isEmpty(); page = t.rowsSince(watermark, 333)) {
        assertThat(page).hasSizeLessThanOrEqualTo(333);
        for (InferenceRow r : page) {
          assertThat(r.id()).isGreaterThan(previous);
          previous = r.id();
          seen.add(r.inference().requestId());
        }
        watermark = page.get(page.size() - 1).id();
      }
      assertThat(seen).hasSize(threads * each);
    }
  }

  @Test
  void aFullQueueDropsInsteadOfBlockingAndEveryRowIsAccountedFor() {
    int offered = 3_000;
    AtomicInteger accepted = new AtomicInteger();
    try (InferenceTable t = InferenceTable.builder().directory(dir).queueCapacity(1).maxBatchRows(1).build()) {
      for (int i = 0; i < offered; i++) {
        if (t.record(row("q" + i))) {
          accepted.incrementAndGet();
        }
      }
      t.flush();
      TableStats s = t.stats();
      assertThat(s.written()).isEqualTo(accepted.get());
      assertThat(s.written() + s.dropped()).isEqualTo(offered);
      assertThat(t.count()).isEqualTo(accepted.get());
    }
  }

  @Test
  void aRowOfferedAfterCloseIsDroppedAndCounted() {
    InferenceTable t = InferenceTable.open(dir);
    t.close();
    assertThat(t.record(row("late"))).isFalse();
    assertThat(t.stats().dropped()).isEqualTo(1);
    t.close(); // idempotent
    t.flush(); // nothing to wait for
  }

  @Test
  void feedbackByResponseIdFindsARowJustRecorded() {
    try (InferenceTable t = InferenceTable.open(dir)) {
      t.record(row("x"));
      assertThat(t.recordFeedback("x", 1.0)).isTrue(); // flushes first
      assertThat(t.recordFeedback("nope", 0.0)).isFalse();
      InferenceRow r = t.rowsSince(0, 1).get(0);
      assertThat(r.feedback()).hasValue(1.0);
      assertThat(t.recordFeedback(r.id(), -0.5)).isTrue();
      assertThat(t.rowsSince(0, 1).get(0).feedback()).hasValue(-0.5);
      assertThat(t.recordFeedback(r.id() + 1, 1.0)).isFalse();
      assertThatThrownBy(() -> t.recordFeedback(r.id(), Double.NaN)).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("finite");
    }
  }

  @Test
  void aDuplicateRequestIdFailsAloneAndTheRestOfItsBatchIsWritten() {
    try (InferenceTable t = InferenceTable.builder().directory(dir).build()) {
      t.record(row("dup"));
      t.flush();
      t.record(row("one"));
      t.record(row("dup"));
      t.record(row("two"));
      t.flush();
      assertThat(t.stats().failed()).isEqualTo(1);
      assertThat(t.count()).isEqualTo(3);
    }
  }

  @Test
  void anyJdbcUrlAndTableNameWork() {
    String url = "jdbc:h2:mem:other" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    try (InferenceTable t = InferenceTable.builder().jdbcUrl(url).table("traffic").build()) {
      t.record(row("m"));
      t.flush();
      assertThat(t.count()).isEqualTo(1);
      assertThat(t.table()).isEqualTo("traffic");
      assertThat(t.jdbcUrl()).isEqualTo(url);
    }
  }

  @Test
  void theBuilderRejectsBadSettings() {
    assertThatThrownBy(() -> InferenceTable.builder().build()).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("neither");
    assertThatThrownBy(() -> InferenceTable.builder().directory(dir).jdbcUrl("jdbc:h2:mem:x").build())
        .hasMessageContaining("both");
    assertThatThrownBy(() -> InferenceTable.builder().jdbcUrl("h2:mem:x").build()).hasMessageContaining("jdbc:");
    assertThatThrownBy(() -> InferenceTable.builder().directory(dir).table("x; DROP TABLE y").build())
        .hasMessageContaining("identifier");
    assertThatThrownBy(() -> InferenceTable.builder().directory(dir).queueCapacity(0).build())
        .hasMessageContaining("queueCapacity");
    assertThatThrownBy(() -> InferenceTable.builder().directory(dir).maxBatchRows(0).build())
        .hasMessageContaining("maxBatchRows");
    try (InferenceTable t = InferenceTable.open(dir)) {
      assertThatThrownBy(() -> t.rowsSince(0, 0)).hasMessageContaining("limit");
    }
  }
}

package ai.tao.benchmarks.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoResultTest {

  @Test
  void sharesPrintAsPercentagesAndCountsAsCounts() {
    DemoResult r = new DemoResult(200);
    r.figures.put("base_doc_pass_at_1", 0.37);
    r.figures.put("rm_doc_heldout_pair_accuracy", 0.809);
    r.figures.put("rm_train_pairs", 3038.0);
    r.figures.put("rm_seconds", 1407.69);
    String table = r.table(16, 64);
    assertThat(table).contains("37.0%").contains("80.9%").contains(" 3038 |").contains("1407.690")
        .doesNotContain("303800").doesNotContain("140769");
  }

  @Test
  void sqlTimeoutsAreWrittenOnlyForRunsWithSqlRewards() {
    DemoResult docqa = new DemoResult(10);
    docqa.taoByVariant.put("majority", List.of(0.2));
    assertThat(docqa.toJson().has("sql_timeouts")).isFalse();
    assertThat(docqa.table(16, 64)).doesNotContain("SQL timeouts");
    DemoResult sql = new DemoResult(10);
    sql.addSqlTimeouts(0);
    sql.addSqlTimeouts(2);
    assertThat(sql.toJson().get("sql_timeouts").asLong()).isEqualTo(2);
    assertThat(sql.table(16, 64)).contains("SQL timeouts in TAO's rewards: 2");
  }
}

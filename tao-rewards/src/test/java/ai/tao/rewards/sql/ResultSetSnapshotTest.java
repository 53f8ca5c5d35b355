package ai.tao.rewards.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.DataInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResultSetSnapshotTest {

  private static ResultSetSnapshot snap(int columns, List<List<String>> rows) {
    return new ResultSetSnapshot(columns, rows, false);
  }

  @Test
  void numbersOfAnyTypeNormaliseToOneForm() {
    assertThat(ResultSetSnapshot.normalize(7000)).isEqualTo("7000");
    assertThat(ResultSetSnapshot.normalize(7000L)).isEqualTo("7000");
    assertThat(ResultSetSnapshot.normalize(7000.0)).isEqualTo("7000");
    assertThat(ResultSetSnapshot.normalize(7000.0f)).isEqualTo("7000");
    assertThat(ResultSetSnapshot.normalize(new BigDecimal("7000.000"))).isEqualTo("7000");
    assertThat(ResultSetSnapshot.normalize(new BigDecimal("7E+3"))).isEqualTo("7000");
    assertThat(ResultSetSnapshot.normalize(new BigInteger("7000"))).isEqualTo("7000");
    assertThat(ResultSetSnapshot.normalize(0.1 + 0.2)).isEqualTo("0.3");
    assertThat(ResultSetSnapshot.normalize(new BigDecimal("0.3000000000000"))).isEqualTo("0.3");
    assertThat(ResultSetSnapshot.normalize(-0.0)).isEqualTo("0");
    assertThat(ResultSetSnapshot.normalize(12345678901234L)).isEqualTo("12345678901234");
  }

  @Test
  void otherValues() {
    assertThat(ResultSetSnapshot.normalize(null)).isEqualTo(ResultSetSnapshot.NULL);
    assertThat(ResultSetSnapshot.normalize(true)).isEqualTo("TRUE");
    assertThat(ResultSetSnapshot.normalize("abc   ")).isEqualTo("abc");
    assertThat(ResultSetSnapshot.normalize(new byte[] {1, (byte) 0xff})).isEqualTo("01ff");
    assertThat(ResultSetSnapshot.normalize(Double.NaN)).isEqualTo("NaN");
  }

  @Test
  void canonicalFormAndHashIgnoreRowOrder() {
    ResultSetSnapshot a = snap(2, List.of(List.of("Ada", "9000"), List.of("Fay", "7500")));
    ResultSetSnapshot b = snap(2, List.of(List.of("Fay", "7500"), List.of("Ada", "9000")));
    ResultSetSnapshot c = snap(2, List.of(List.of("Ada", "9000"), List.of("Bob", "7000")));

    assertThat(a.sameResult(b)).isTrue();
    assertThat(a.hash()).isEqualTo(b.hash()).hasSize(16);
    assertThat(a.sameResult(c)).isFalse();
    assertThat(a.hash()).isNotEqualTo(c.hash());
    assertThat(a).isNotEqualTo(b); // the record keeps the database's order
  }

  @Test
  void canonicalFormCannotBeImitatedBySeparators() {
    ResultSetSnapshot one = snap(2, List.of(List.of("a,b", "c")));
    ResultSetSnapshot two = snap(2, List.of(List.of("a", "b,c")));
    ResultSetSnapshot column = snap(1, List.of(List.of("a"), List.of("b")));
    ResultSetSnapshot wide = snap(2, List.of(List.of("a", "b")));

    assertThat(one.sameResult(two)).isFalse();
    assertThat(column.sameResult(wide)).isFalse();
  }

  @Test
  void informativeExcludesEmptyAllNullAndALoneZero() {
    assertThat(snap(1, List.of()).informative()).isFalse();
    assertThat(snap(2, List.of(List.of("NULL", "NULL"))).isAllNull()).isTrue();
    assertThat(snap(2, List.of(List.of("NULL", "NULL"))).informative()).isFalse();
    assertThat(snap(1, List.of(List.of("0"))).informative()).isFalse();
    assertThat(snap(1, List.of(List.of("0"), List.of("0"))).informative()).isTrue();
    assertThat(snap(1, List.of(List.of("3"))).informative()).isTrue();
    assertThat(snap(2, List.of(List.of("NULL", "1"))).informative()).isTrue();
  }

  /** Counts deserialisations, so a test can prove none happened. */
  static final class Tripwire implements Serializable {
    private static final long serialVersionUID = 1L;
    static final AtomicInteger READS = new AtomicInteger();

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      READS.incrementAndGet();
      in.defaultReadObject();
    }
  }

  @Test
  void readingValuesNeverDeserialisesJavaObjectsAndArraysAreStable() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(new Tripwire());
    }
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:", "sa", "");
        PreparedStatement st = c.prepareStatement(
            "SELECT CAST(? AS JAVA_OBJECT), ARRAY[1, 2], DATE '2020-01-02', CAST('ab' AS CHAR(4)),"
                + " CAST(1.50 AS DECIMAL(5, 2)), 2.5E0, X'ff', NULL")) {
      st.setBytes(1, bytes.toByteArray());
      try (ResultSet rs = st.executeQuery()) {
        ResultSetSnapshot snapshot = ResultSetSnapshot.read(rs, 10);
        assertThat(snapshot.rows()).containsExactly(List.of(
            HexFormat.of().formatHex(bytes.toByteArray()), "[1, 2]", "2020-01-02", "ab", "1.5",
            "2.5", "ff", "NULL"));
      }
      assertThat(Tripwire.READS).hasValue(0);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        rs.getObject(1); // what the snapshot avoids: proves the tripwire works
      }
    }
    assertThat(Tripwire.READS).hasValue(1);
  }

  @Test
  void rowsMustHaveTheColumnCount() {
    assertThatThrownBy(() -> snap(2, List.of(List.of("a"))))
        .isInstanceOf(DataInputException.class).hasMessageContaining("row 0 has 1");
    assertThatThrownBy(() -> snap(0, List.of())).isInstanceOf(DataInputException.class);
  }

  @Test
  void columnOrderDoesNotMatterButPairingDoes() {
    ResultSetSnapshot a = snap(2, List.of(List.of("1", "2"), List.of("2", "1"), List.of("3", "3")));
    ResultSetSnapshot swapped = snap(2, List.of(List.of("2", "1"), List.of("1", "2"), List.of("3", "3")));
    ResultSetSnapshot pairedDifferently = snap(2, List.of(List.of("1", "1"), List.of("2", "2"), List.of("3", "3")));
    assertThat(a.sameResult(swapped)).isTrue();
    assertThat(a.sameResult(pairedDifferently)).isFalse();
    ResultSetSnapshot nameSalary = snap(2, List.of(List.of("Ada", "9000"), List.of("Bob", "7000")));
    ResultSetSnapshot salaryName = snap(2, List.of(List.of("7000", "Bob"), List.of("9000", "Ada")));
    assertThat(nameSalary.sameResult(salaryName)).isTrue();
  }

  @Test
  void wideResultsOfTiedColumnsAreCanonicalFastAndNeverFalselyEqual() {
    List<String> empty = new java.util.ArrayList<>();
    List<String> ones = new java.util.ArrayList<>();
    for (int c = 0; c < 40; c++) {
      ones.add("1");
    }
    // 40 columns, all tied: no rows, or one row of equal values (a SELECT * of constant or NULL columns)
    assertThat(snap(40, List.of()).canonical()).isEqualTo(snap(40, List.of()).canonical());
    assertThat(snap(40, List.of(ones)).sameResult(snap(40, List.of(ones)))).isTrue();
    // 12 columns holding the same values in different rows: past the order cap one order is used,
    // which may miss a match of permuted columns but never equates different results
    List<List<String>> rows = new java.util.ArrayList<>();
    List<List<String>> other = new java.util.ArrayList<>();
    for (int r = 0; r < 12; r++) {
      List<String> row = new java.util.ArrayList<>();
      List<String> row2 = new java.util.ArrayList<>();
      for (int c = 0; c < 12; c++) {
        row.add(String.valueOf((r + c) % 12));
        row2.add(String.valueOf((r + 2 * c) % 12)); // same column contents, other rows
      }
      rows.add(row);
      other.add(row2);
    }
    long t0 = System.nanoTime();
    ResultSetSnapshot a = snap(12, rows);
    assertThat(a.sameResult(snap(12, rows))).isTrue();
    assertThat(a.sameResult(snap(12, other))).isFalse();
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
  }

  @Test
  void aTruncatedResultIsNotInformativeAndEqualsNothing() {
    ResultSetSnapshot t = new ResultSetSnapshot(1, List.of(List.of("1")), true);
    assertThat(t.informative()).isFalse();
    assertThat(t.sameResult(t)).isFalse();
  }
}

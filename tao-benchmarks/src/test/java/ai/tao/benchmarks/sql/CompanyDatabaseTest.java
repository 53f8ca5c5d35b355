package ai.tao.benchmarks.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CompanyDatabaseTest {

  @Test
  void rowsAreDeterministicForASeed() {
    CompanyDatabase a = CompanyDatabase.generate(7);
    CompanyDatabase b = CompanyDatabase.generate(7);
    assertThat(a.depts()).isEqualTo(b.depts());
    assertThat(a.emps()).isEqualTo(b.emps());
    assertThat(a.projects()).isEqualTo(b.projects());
    assertThat(CompanyDatabase.generate(8).emps()).isNotEqualTo(a.emps());
  }

  @Test
  void rowsHaveTheDocumentedShape() {
    CompanyDatabase s = CompanyDatabase.generate(0);
    assertThat(s.depts()).hasSize(8);
    assertThat(s.deptNames()).doesNotHaveDuplicates().allMatch(n -> n.matches("[a-z]+"));
    assertThat(s.cities()).hasSize(6).allMatch(n -> n.matches("[a-z]+"));
    assertThat(s.emps()).hasSize(200);
    assertThat(s.emps()).allSatisfy(e -> {
      assertThat(e.salary()).isBetween(3000, 12000);
      assertThat(e.salary() % 100).isZero();
      assertThat(e.age()).isBetween(22, 65);
      assertThat(e.hired()).isBetween(2000, 2024);
    });
    assertThat(s.emps().stream().map(CompanyDatabase.Emp::deptId).collect(Collectors.toSet()))
        .as("every department has employees").hasSize(8);
    assertThat(s.emps().stream().map(CompanyDatabase.Emp::salary).distinct().count()).isGreaterThan(60);
    assertThat(s.projects()).hasSize(40);
    assertThat(s.projects().stream().map(CompanyDatabase.Project::deptId).collect(Collectors.toSet())).hasSize(8);
    assertThat(s.distinctValues()).containsOnlyKeys("dept.name", "dept.city");
  }

  @Test
  void databaseHoldsTheRows() throws SQLException {
    CompanyDatabase s = CompanyDatabase.generate(0);
    try (Connection c = s.createDatabase("jdbc:h2:mem:schema-test");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT (SELECT COUNT(*) FROM dept), (SELECT COUNT(*) FROM emp), (SELECT COUNT(*) FROM project),"
                + " (SELECT SUM(salary) FROM emp)")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(8);
      assertThat(rs.getInt(2)).isEqualTo(200);
      assertThat(rs.getInt(3)).isEqualTo(40);
      assertThat(rs.getLong(4)).isEqualTo(s.emps().stream().mapToLong(CompanyDatabase.Emp::salary).sum());
    }
    assertThat(s.schemaSql()).contains("CREATE TABLE dept", "CREATE TABLE emp", "CREATE TABLE project");
  }
}

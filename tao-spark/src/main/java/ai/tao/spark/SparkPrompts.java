package ai.tao.spark;

import ai.tao.api.ChatMessage;
import ai.tao.api.DataInputException;
import ai.tao.api.Prompt;
import ai.tao.api.PromptSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Prompts from any Spark source (Parquet, JSON, a JDBC table, a Delta or Hive table): a {@link
 * Dataset} of rows with this layout, other columns ignored:
 *
 * <pre>
 * id        string, not null              unique prompt id
 * text      string, nullable              a completion-style prompt
 * messages  array&lt;struct&lt;role: string, content: string&gt;&gt;, nullable   a chat prompt
 * metadata  map&lt;string, string&gt;, nullable   provenance only, never labels
 * </pre>
 *
 * Each row has exactly one of {@code text} and a non-empty {@code messages}; a table may hold only
 * one of the two columns. The prompts are collected to the driver once, in the dataset's order:
 * prompt text is small, and the work that needs a cluster is sampling and scoring them.
 *
 * @since 0.5
 */
public final class SparkPrompts {
  /** The columns read. */
  public static final Set<String> COLUMNS = Set.of("id", "text", "messages", "metadata");

  private SparkPrompts() {}

  /**
   * A prompt source that gives every round the dataset's prompts.
   *
   * @throws DataInputException naming the column that is missing or of the wrong type, or the row
   *     (by id) that breaks a rule
   */
  public static PromptSource from(Dataset<Row> rows) {
    List<Prompt> prompts = collect(rows);
    String what = "Spark dataset (" + prompts.size() + " prompts, columns " + Arrays.toString(rows.columns()) + ")";
    PromptSource fixed = PromptSource.of(prompts);
    return new PromptSource() {
      @Override
      public List<Prompt> prompts(int round) {
        return fixed.prompts(round);
      }

      @Override
      public String describe() {
        return what;
      }
    };
  }

  /** The dataset's prompts, in its order; see the class comment for the layout. */
  public static List<Prompt> collect(Dataset<Row> rows) {
    Objects.requireNonNull(rows, "rows");
    StructType schema = rows.schema();
    requireType(schema, "id", DataTypes.StringType, true);
    boolean hasText = requireType(schema, "text", DataTypes.StringType, false);
    boolean hasMessages = requireType(schema, "messages", DataTypes.createArrayType(DataTypes.createStructType(
        new StructField[] {DataTypes.createStructField("role", DataTypes.StringType, true),
            DataTypes.createStructField("content", DataTypes.StringType, true)})), false);
    boolean hasMetadata = requireType(schema, "metadata",
        DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), false);
    if (!hasText && !hasMessages) {
      throw new DataInputException("the prompt dataset has neither a 'text' nor a 'messages' column (it has "
          + Arrays.toString(rows.columns()) + "): give one of them, see SparkPrompts for the layout");
    }
    List<Prompt> out = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    long index = 0;
    for (Row r : rows.collectAsList()) {
      String id = r.getAs("id");
      if (id == null) {
        throw new DataInputException("row " + index + " of the prompt dataset has a null id: every prompt needs one");
      }
      if (!seen.add(id)) {
        throw new DataInputException("prompt id '" + id + "' appears twice in the prompt dataset: ids must be unique");
      }
      String text = hasText ? r.getAs("text") : null;
      List<ChatMessage> messages = new ArrayList<>();
      if (hasMessages && !r.isNullAt(r.fieldIndex("messages"))) {
        for (Row m : r.<Row>getList(r.fieldIndex("messages"))) {
          messages.add(new ChatMessage(m.getAs("role"), m.getAs("content")));
        }
      }
      Map<String, String> metadata = new LinkedHashMap<>();
      if (hasMetadata && !r.isNullAt(r.fieldIndex("metadata"))) {
        new java.util.TreeMap<String, String>(r.getJavaMap(r.fieldIndex("metadata"))).forEach(metadata::put);
      }
      out.add(new Prompt(id, text, messages, metadata));
      index++;
    }
    if (out.isEmpty()) {
      throw new DataInputException("the prompt dataset has no rows");
    }
    return out;
  }

  /** Whether the column is there; if it is, it must have the type (ignoring nullability of nested fields). */
  private static boolean requireType(StructType schema, String column, DataType type, boolean required) {
    if (!Arrays.asList(schema.fieldNames()).contains(column)) {
      if (required) {
        throw new DataInputException("the prompt dataset has no '" + column + "' column (it has "
            + Arrays.toString(schema.fieldNames()) + "); see SparkPrompts for the layout");
      }
      return false;
    }
    DataType actual = schema.apply(column).dataType();
    if (!sameIgnoringNullability(actual, type)) {
      throw new DataInputException("column '" + column + "' of the prompt dataset is " + actual.simpleString()
          + ", expected " + type.simpleString() + "; cast it, see SparkPrompts for the layout");
    }
    return true;
  }

  private static boolean sameIgnoringNullability(DataType a, DataType b) {
    if (a instanceof ArrayType x && b instanceof ArrayType y) {
      return sameIgnoringNullability(x.elementType(), y.elementType());
    }
    if (a instanceof MapType x && b instanceof MapType y) {
      return sameIgnoringNullability(x.keyType(), y.keyType()) && sameIgnoringNullability(x.valueType(), y.valueType());
    }
    if (a instanceof StructType x && b instanceof StructType y) {
      if (x.fields().length != y.fields().length) {
        return false;
      }
      for (int i = 0; i < x.fields().length; i++) {
        if (!x.fields()[i].name().equals(y.fields()[i].name())
            || !sameIgnoringNullability(x.fields()[i].dataType(), y.fields()[i].dataType())) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }
}

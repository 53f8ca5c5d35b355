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
 * metadata  map&lt;string, string&gt; (or a struct of strings, as JSON gives), nullable   provenance only
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
    return named(prompts, what);
  }

  /**
   * Prompts from the flywheel's inference table, read through any Spark source (its JDBC source,
   * say: {@code spark.read().jdbc(url, "inference", props)}), in the table's id order. Reads the
   * columns {@code id}, {@code endpoint}, {@code model_version} and {@code request_json} with the
   * gateway's own request parser, so a row means what it meant when it was served; the responses
   * and the feedback are never read. Rows with nothing to tune on (a conversation ending with an
   * assistant turn, a blank prompt) are left out.
   *
   * @param skipMalformed leave out rows whose request cannot be read, rather than fail on the first
   * @throws DataInputException naming a missing column, a malformed row (unless skipped), or a table
   *     with no prompts
   */
  public static PromptSource fromInferenceTable(Dataset<Row> table, boolean skipMalformed) {
    Objects.requireNonNull(table, "table");
    List<String> actual = new ArrayList<>(); // as the database spells them: H2 upper-cases unquoted names
    for (String c : List.of("id", "endpoint", "model_version", "request_json")) {
      actual.add(Arrays.stream(table.columns()).filter(c::equalsIgnoreCase).findFirst().orElseThrow(
          () -> new DataInputException("the inference table has no '" + c + "' column (it has "
              + Arrays.toString(table.columns()) + "): read the table the gateway writes (InferenceTable)")));
    }
    ai.tao.serve.flywheel.InferencePrompts reader = new ai.tao.serve.flywheel.InferencePrompts();
    List<Prompt> prompts = new ArrayList<>();
    int skipped = 0;
    for (Row r : table.select(actual.get(0), actual.subList(1, 4).toArray(new String[0]))
        .orderBy(actual.get(0)).collectAsList()) {
      long id = ((Number) r.get(0)).longValue();
      try {
        reader.prompt(id, r.getString(1), r.getString(2), r.getString(3)).ifPresent(prompts::add);
      } catch (DataInputException e) {
        if (!skipMalformed) {
          throw e;
        }
        skipped++;
      }
    }
    if (prompts.isEmpty()) {
      throw new DataInputException("the inference table holds no prompts to tune on (" + skipped
          + " malformed rows skipped)");
    }
    String what = "inference table via Spark (" + prompts.size() + " prompts, " + skipped + " malformed rows skipped)";
    return named(prompts, what);
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
    boolean hasMetadata = Arrays.asList(schema.fieldNames()).contains("metadata");
    boolean metadataIsStruct = hasMetadata && schema.apply("metadata").dataType() instanceof StructType st
        && Arrays.stream(st.fields()).allMatch(f -> f.dataType().equals(DataTypes.StringType));
    if (hasMetadata && !metadataIsStruct) {
      requireType(schema, "metadata", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), false);
    }
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
        java.util.TreeMap<String, String> sorted = new java.util.TreeMap<>(); // a stable order whatever the source
        if (metadataIsStruct) {
          Row m = r.getStruct(r.fieldIndex("metadata"));
          for (String f : m.schema().fieldNames()) {
            if (!m.isNullAt(m.fieldIndex(f))) {
              sorted.put(f, m.getAs(f));
            }
          }
        } else {
          sorted.putAll(r.getJavaMap(r.fieldIndex("metadata")));
        }
        metadata.putAll(sorted);
      }
      out.add(new Prompt(id, text, messages, metadata));
      index++;
    }
    if (out.isEmpty()) {
      throw new DataInputException("the prompt dataset has no rows");
    }
    return out;
  }

  /** The same prompts every round, described as {@code what} in the run log. */
  private static PromptSource named(List<Prompt> prompts, String what) {
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
      for (StructField f : y.fields()) { // by name: a JSON source orders the fields alphabetically
        if (!Arrays.asList(x.fieldNames()).contains(f.name())
            || !sameIgnoringNullability(x.apply(f.name()).dataType(), f.dataType())) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }
}

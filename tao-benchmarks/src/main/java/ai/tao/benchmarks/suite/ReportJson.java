package ai.tao.benchmarks.suite;

import ai.tao.api.OutputException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code report.json}: the {@link SuiteReport} as Jackson writes records, with three choices made
 * on purpose.
 *
 * <ul>
 *   <li>Every key is always present; a part that was not run is {@code null}, never missing, so a
 *       reader can tell "not run" from "a different report version".
 *   <li>NaN and the infinities (a reward precision with no favoured candidate) are written as
 *       {@code null}: Jackson's default, a bare {@code NaN} token or the string {@code "NaN"}, is
 *       either not JSON or not a number to most parsers.
 *   <li>Keys follow the record components' order and maps keep their insertion order; indentation
 *       and line ends are fixed, so the same report gives the same bytes on every machine.
 * </ul>
 */
final class ReportJson {
  private static final ObjectWriter WRITER = writer();

  private ReportJson() {}

  /** The report as pretty-printed JSON text. */
  static String toJson(SuiteReport report) {
    try {
      return WRITER.writeValueAsString(report) + "\n";
    } catch (JsonProcessingException e) {
      throw new OutputException("could not turn the suite report into JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Writes {@link #toJson} to {@code file} in UTF-8 and returns the file. */
  static Path write(SuiteReport report, Path file) {
    String json = toJson(report);
    try {
      return Files.writeString(file, json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new OutputException("could not write " + file + ": " + e.getMessage(), e);
    }
  }

  private static ObjectWriter writer() {
    SimpleModule finiteOnly = new SimpleModule("finite-doubles");
    // Registered for both: record components are primitive double, estimates and settings hold boxed Doubles.
    finiteOnly.addSerializer(Double.class, new FiniteDoubleSerializer());
    finiteOnly.addSerializer(Double.TYPE, new FiniteDoubleSerializer());
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withObjectIndenter(indenter).withArrayIndenter(indenter);
    return JsonMapper.builder().addModule(finiteOnly).build().writer(printer);
  }

  /** A double as a JSON number, or {@code null} where it is NaN or infinite. */
  private static final class FiniteDoubleSerializer extends JsonSerializer<Double> {
    @Override
    public void serialize(Double value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
      if (Double.isFinite(value)) {
        gen.writeNumber(value);
      } else {
        gen.writeNull();
      }
    }
  }
}

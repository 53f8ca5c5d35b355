package ai.tao.benchmarks.sql;

import ai.tao.api.DataInputException;
import ai.tao.rewards.sql.SqlRun;
import ai.tao.rewards.sql.SqlSandbox;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Draws the splits of a {@link SqlDataset}. Every question is drawn at most once across all splits,
 * and every gold query is checked to give a real answer on the database.
 *
 * <p>Each intent's slot combinations are shuffled and a share of them ({@code heldoutFraction},
 * at least one) is reserved for the held-out pool, which has the production phrasings only; so
 * held-out questions ask about combinations no training question asked about with that intent.
 * The other combinations feed two pools: production phrasings (prodTrain, prodOracle) and
 * documentation phrasings (docTrain, docExtra). A draw picks an intent uniformly among those whose
 * pool is not used up, then that pool's next candidate, skipping questions already drawn and
 * queries without a real answer. Intents with few combinations (one department or city slot) run
 * out first and the others fill in, so they are rarer in the larger splits.
 */
final class SqlTaskSampler {

  enum Pool { HELDOUT, PROD, DOC }

  private record Candidate(SqlIntent intent, Map<SqlSlot, String> combo, String phrasing) {}

  private static final class IntentPools {
    final Map<Pool, List<Candidate>> candidates = new EnumMap<>(Pool.class);
    final Map<Pool, Integer> next = new EnumMap<>(Pool.class);

    boolean exhausted(Pool pool) {
      return next.getOrDefault(pool, 0) >= candidates.get(pool).size();
    }

    Candidate take(Pool pool) {
      int i = next.getOrDefault(pool, 0);
      next.put(pool, i + 1);
      return candidates.get(pool).get(i);
    }
  }

  private final Random rng;
  private final SqlSandbox sandbox;
  private final List<IntentPools> intents = new ArrayList<>();
  private final Set<String> usedQuestions = new HashSet<>();
  private final Map<String, Boolean> answerable = new HashMap<>();

  SqlTaskSampler(
      CompanyDatabase schema,
      List<SqlIntent> catalog,
      double heldoutFraction,
      Random rng,
      SqlSandbox sandbox) {
    this.rng = rng;
    this.sandbox = sandbox;
    for (SqlIntent intent : catalog) {
      List<Map<SqlSlot, String>> combos = combos(intent.slots(), schema);
      Collections.shuffle(combos, rng);
      int reserved = Math.max(1, (int) Math.ceil(heldoutFraction * combos.size()));
      IntentPools pools = new IntentPools();
      pools.candidates.put(
          Pool.HELDOUT, candidates(intent, combos.subList(0, reserved), intent.prod()));
      List<Map<SqlSlot, String>> train = combos.subList(reserved, combos.size());
      pools.candidates.put(Pool.PROD, candidates(intent, train, intent.prod()));
      pools.candidates.put(Pool.DOC, candidates(intent, train, intent.doc()));
      intents.add(pools);
    }
  }

  /**
   * Draws {@code perSplit} tasks for each of {@code splits}, taking turns so that the splits share
   * out scarce intents evenly.
   *
   * @throws DataInputException if the pool runs out first
   */
  List<List<SqlTask>> draw(Pool pool, List<String> splits, int perSplit) {
    String phrasing = pool == Pool.DOC ? SqlTask.DOC : SqlTask.PROD;
    List<List<SqlTask>> out = new ArrayList<>();
    for (int s = 0; s < splits.size(); s++) {
      out.add(new ArrayList<>(perSplit));
    }
    for (int i = 0; i < perSplit; i++) {
      for (int s = 0; s < splits.size(); s++) {
        Candidate c = next(pool, splits.get(s), i);
        String id = String.format("%s-%04d", splits.get(s), i);
        out.get(s).add(new SqlTask(
            id, SqlIntent.fill(c.phrasing(), c.combo()), SqlIntent.fill(c.intent().sql(), c.combo()),
            c.intent().name(), phrasing));
      }
    }
    return out;
  }

  private Candidate next(Pool pool, String split, int drawn) {
    while (true) {
      List<IntentPools> open = new ArrayList<>();
      for (IntentPools p : intents) {
        if (!p.exhausted(pool)) {
          open.add(p);
        }
      }
      if (open.isEmpty()) {
        throw new DataInputException(
            "the SQL demo has no more distinct answerable questions for " + split + " after "
                + drawn + "; ask for a smaller split");
      }
      Candidate c = open.get(rng.nextInt(open.size())).take(pool);
      String question = SqlIntent.fill(c.phrasing(), c.combo());
      String sql = SqlIntent.fill(c.intent().sql(), c.combo());
      if (!usedQuestions.contains(question) && isAnswerable(sql)) {
        usedQuestions.add(question);
        return c;
      }
    }
  }

  /**
   * Whether the query gives a real answer: at least one row, and not a lone NULL or 0 (an aggregate
   * over nothing), so a question never has an empty answer that a wrong query could also give.
   */
  private boolean isAnswerable(String sql) {
    return answerable.computeIfAbsent(sql, q -> {
      SqlRun r = sandbox.run(q);
      if (!r.executed()) {
        throw new DataInputException("gold SQL does not run: " + q + ": " + r.reason());
      }
      return r.informative();
    });
  }

  private static List<Map<SqlSlot, String>> combos(List<SqlSlot> slots, CompanyDatabase schema) {
    List<Map<SqlSlot, String>> combos = new ArrayList<>();
    combos.add(new EnumMap<>(SqlSlot.class));
    for (SqlSlot slot : slots) {
      List<Map<SqlSlot, String>> extended = new ArrayList<>();
      for (Map<SqlSlot, String> partial : combos) {
        for (String value : slot.values(schema)) {
          Map<SqlSlot, String> c = new EnumMap<>(SqlSlot.class);
          c.putAll(partial);
          c.put(slot, value);
          extended.add(c);
        }
      }
      combos = extended;
    }
    return combos;
  }

  private List<Candidate> candidates(
      SqlIntent intent, List<Map<SqlSlot, String>> combos, List<String> phrasings) {
    List<Candidate> out = new ArrayList<>();
    for (Map<SqlSlot, String> combo : combos) {
      for (String phrasing : phrasings) {
        out.add(new Candidate(intent, combo, phrasing));
      }
    }
    Collections.shuffle(out, rng);
    return out;
  }
}

package ai.tao.rewards.judge;

import ai.tao.rewards.judge.FakeJudgeServer.Request;
import ai.tao.rewards.judge.FakeJudgeServer.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A judge that grades by content, reading the candidates out of the default templates: pointwise
 * {@code Score: grade}, pairwise the higher grade wins ({@code tie} when equal), group a JSON list of
 * grades in the order shown. The grade is a function of the candidate's text only, so a test knows
 * every score in advance.
 */
final class FakeJudge implements FakeJudgeServer.Handler {
  private static final Pattern ONE = Pattern.compile("(?s)<answer>\n(.*?)\n</answer>");
  private static final Pattern A = Pattern.compile("(?s)<answer_a>\n(.*?)\n</answer_a>");
  private static final Pattern B = Pattern.compile("(?s)<answer_b>\n(.*?)\n</answer_b>");
  private static final Pattern MANY = Pattern.compile("(?s)<answer id=\"\\d+\">\n(.*?)\n</answer>");

  private final ToIntFunction<String> grade;

  FakeJudge(ToIntFunction<String> grade) {
    this.grade = grade;
  }

  /** Grade = length of the text, at most 10. */
  static FakeJudge byLength() {
    return new FakeJudge(t -> Math.min(10, t.length()));
  }

  @Override
  public Response handle(Request request) {
    return Response.ok(verdict(request.user()));
  }

  String verdict(String user) {
    List<String> many = all(MANY, user);
    if (!many.isEmpty()) {
      StringBuilder sb = new StringBuilder("{\"scores\": [");
      for (int i = 0; i < many.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(grade.applyAsInt(many.get(i)));
      }
      return sb.append("]}").toString();
    }
    List<String> a = all(A, user);
    if (!a.isEmpty()) {
      int ga = grade.applyAsInt(a.get(0));
      int gb = grade.applyAsInt(all(B, user).get(0));
      return "Comparing both. Winner: " + (ga > gb ? "A" : gb > ga ? "B" : "tie");
    }
    return "A score of 3 would be harsh. Score: " + grade.applyAsInt(all(ONE, user).get(0));
  }

  /** The candidate texts of a request, in the order the judge was shown them. */
  static List<String> shown(Request request) {
    List<String> many = all(MANY, request.user());
    if (!many.isEmpty()) {
      return many;
    }
    List<String> a = all(A, request.user());
    return a.isEmpty() ? all(ONE, request.user()) : List.of(a.get(0), all(B, request.user()).get(0));
  }

  private static List<String> all(Pattern p, String text) {
    List<String> out = new ArrayList<>();
    Matcher m = p.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}

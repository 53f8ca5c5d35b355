package ai.tao.serve.flywheel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

class PiiScrubberProperties {
  static final PiiScrubber SCRUBBER = PiiScrubber.standard();

  @Property(tries = 300)
  void amountsAndCountsUpToTwelveDigitsAreNeverScrubbed(@ForAll @LongRange(min = 0, max = 999_999_999_999L) long n) {
    for (String text : new String[] {
        "revenue of " + n + " in total", String.format(Locale.ROOT, "revenue of %,d in total", n),
        "SELECT * FROM t WHERE amount > " + n + " LIMIT 10"}) {
      assertThat(SCRUBBER.scrub(text).text()).isEqualTo(text);
    }
  }

  @Property(tries = 200)
  void yearsAndDatesAreNeverScrubbed(@ForAll @IntRange(min = 1900, max = 2100) int year,
      @ForAll @IntRange(min = 1, max = 12) int month, @ForAll @IntRange(min = 1, max = 28) int day) {
    String text = String.format(Locale.ROOT, "in %d, on %d-%02d-%02d, on %02d/%02d/%d and %02d.%02d.%d at 10:30",
        year, year, month, day, day, month, year, day, month, year);
    assertThat(SCRUBBER.scrub(text).text()).isEqualTo(text);
  }

  @Property(tries = 200)
  void scrubbingTwiceChangesNothingMore(@ForAll @AlphaChars @StringLength(max = 20) String name,
      @ForAll @IntRange(min = 0, max = 9999) int local) {
    String text = "write to " + name + "x@example.com or call +1 415 555 " + String.format("%04d", local)
        + " with key ghp_" + "a1".repeat(20);
    Scrubbed once = SCRUBBER.scrub(text);
    Scrubbed twice = SCRUBBER.scrub(once.text());
    assertThat(twice.text()).isEqualTo(once.text());
    assertThat(twice.counts()).isEqualTo(PiiCounts.ZERO);
    assertThat(once.counts()).isEqualTo(new PiiCounts(1, 1, 0, 1));
  }
}

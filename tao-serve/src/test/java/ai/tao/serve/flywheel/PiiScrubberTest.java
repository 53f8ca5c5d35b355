package ai.tao.serve.flywheel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tao.api.ChatMessage;
import ai.tao.api.ConfigurationException;
import ai.tao.api.Prompt;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PiiScrubberTest {
  static final PiiScrubber SCRUBBER = PiiScrubber.standard();

  static void assertKept(String text) {
    Scrubbed s = SCRUBBER.scrub(text);
    assertThat(s.text()).as("scrubbed %s", text).isEqualTo(text);
    assertThat(s.counts()).isEqualTo(PiiCounts.ZERO);
  }

  static void assertScrubbed(String text, String expected, PiiKind kind) {
    Scrubbed s = SCRUBBER.scrub(text);
    assertThat(s.text()).isEqualTo(expected);
    assertThat(s.counts()).isEqualTo(PiiCounts.of(kind, 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"jo.smith+tao@example.com", "J_Doe2023@mail.example.co.uk", "a@b.io"})
  void emailAddressesAreReplaced(String email) {
    assertScrubbed("mail " + email + ", please.", "mail <EMAIL>, please.", PiiKind.EMAIL);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "send it to user at example dot com",
      "what is a@b in this notation?",
      "SELECT name FROM users WHERE email LIKE '%@gmail.com'",
      "ping @channel and @jo.smith about it"})
  void textThatOnlyLooksLikeAnEmailIsKept(String text) {
    assertKept(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "+44 20 7946 0958", "+1 (415) 555-2671", "+4915112345678", "+33 1 23 45 67 89", "+44 (0)20 7946 0958",
      "(415) 555-2671", "415-555-2671", "415.555.2671", "1-800-555-1234", "020 7946 0958", "030 1234567",
      "06 12 34 56 78"})
  void phoneNumbersAreReplaced(String phone) {
    assertScrubbed("call me on " + phone + " today", "call me on <PHONE> today", PiiKind.PHONE);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "Which employees earn a salary above 85000?",
      "total sales in 2023 versus 2022",
      "revenue of 12,400 against costs of 1,250,000",
      "SELECT * FROM orders WHERE created_at BETWEEN '2023-01-15' AND '2023-12-31' LIMIT 100",
      "the meeting on 15/01/2023 at 10:30, or 01.02.2023 at 09:15",
      "the meeting at 01-02-2024 10:30 moved",
      "amounts 1 250 000 and 3.14159 and 0.05",
      "order id 02079460958 and invoice 4151234567",
      "server 192.168.100.200 port 8080",
      "ISBN 978-3-16-148410-0, from 2019-2023",
      "SELECT dept, SUM(amount) FROM payroll WHERE year = 2023 AND amount > 100000 GROUP BY dept"})
  void yearsAmountsDatesAndPlainNumbersAreKept(String text) {
    assertKept(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"4111 1111 1111 1111", "4111-1111-1111-1111", "5555555555554444", "3782 822463 10005"})
  void luhnValidCardNumbersAreReplaced(String card) {
    assertScrubbed("pay with " + card + ".", "pay with <CARD>.", PiiKind.CARD);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "order number 4111 1111 1111 1112 is late", // fails Luhn
      "tracking 9111111111111110 arrived", // passes Luhn, but no issuer starts with 9
      "id 1234567890123456789012 is too long to be a card"})
  void numbersThatAreNotCardsAreKept(String text) {
    assertKept(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "sk-proj-4fT9xQ2mZ7LkP0aB3cD8eF1gH5iJ6",
      "sk_live_51Hq2kLm9NpQ4rStUvWx",
      "ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R",
      "AKIAIOSFODNN7EXAMPLE",
      "xoxb-1234567890-abcdefghij",
      "AIzaSyD4f8Gh2Jk9Lm3Np7Qr1St5Uv0Wx6Yz8Ab",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
      "3f786850e387550fdab836ed7e6dc881de23001b",
      "Zx8Qp2Lm7Vb4Nc9Kd1Rf6Tg3Hy5Uj0Wi2Eo8Aq4S"})
  void keysAndTokensAreReplaced(String key) {
    assertScrubbed("use " + key + " for it", "use <SECRET> for it", PiiKind.SECRET);
  }

  @Test
  void keywordsBeforeASecretAreKept() {
    assertScrubbed("Authorization: Bearer abc123def456ghi789jkl", "Authorization: Bearer <SECRET>", PiiKind.SECRET);
    assertScrubbed("my password=hunter2xyz works", "my password=<SECRET> works", PiiKind.SECRET);
    assertScrubbed("api_key: \"q8W2e4R6t8Y0\"", "api_key: \"<SECRET>\"", PiiKind.SECRET);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "internationalization and electroencephalographically are long words",
      "SELECT customer_lifetime_value_2023_q4_adjusted FROM analytics.order_items_2023_q4_report_final_v2",
      "call calculateQuarterlyRevenueGrowthFor2023Report() on ProcessOrderRequestV2HandlerFactoryImpl42",
      "SELECT password_hash FROM users WHERE password = password_hash",
      "Bearer tokens are sent in the Authorization header",
      "install sk-learn-compatible-estimators first",
      "the file tao-serve/src/main/java/ai/tao/serve/flywheel/PiiScrubber.java",
      "uuid 550e8400-e29b-41d4-a716-446655440000"})
  void ordinaryWordsIdentifiersAndSqlAreKept(String text) {
    assertKept(text);
  }

  @Test
  void theLuhnCheckAgreesWithPublishedTestNumbers() { // the card networks' published test numbers
    assertThat(PiiRules.luhn("4111111111111111")).isTrue();
    assertThat(PiiRules.luhn("378282246310005")).isTrue();
    assertThat(PiiRules.luhn("6011111111111117")).isTrue();
    assertThat(PiiRules.luhn("9111111111111110")).isTrue();
    assertThat(PiiRules.luhn("4111111111111112")).isFalse();
    assertThat(PiiRules.luhn("1234567812345678")).isFalse();
  }

  @Test
  void aPemPrivateKeyIsOneSecret() {
    String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1x\nq83ld==\n-----END RSA PRIVATE KEY-----";
    assertScrubbed("key:\n" + pem + "\nthanks", "key:\n<SECRET>\nthanks", PiiKind.SECRET);
  }

  @Test
  void countsAddUpPerKindOverAChatPrompt() {
    Prompt p = new Prompt("p1", null, List.of(ChatMessage.system("You help jo@example.com."),
        ChatMessage.user("Call +1 415 555 2671 or 020 7946 0958, card 4111111111111111, key AKIAIOSFODNN7EXAMPLE")),
        Map.of("row_id", "1"));
    ScrubbedPrompt s = SCRUBBER.scrub(p);
    assertThat(s.counts()).isEqualTo(new PiiCounts(1, 2, 1, 1));
    assertThat(s.counts().total()).isEqualTo(5);
    assertThat(s.prompt().messages()).extracting(ChatMessage::content).containsExactly("You help <EMAIL>.",
        "Call <PHONE> or <PHONE>, card <CARD>, key <SECRET>");
    assertThat(s.prompt().metadata()).isEqualTo(p.metadata());
    assertThat(s.counts().plus(s.counts()).count(PiiKind.PHONE)).isEqualTo(4);
  }

  @Test
  void aScrubberOfSomeKindsLeavesTheOthers() {
    PiiScrubber emailsOnly = PiiScrubber.builder().kinds(Set.of(PiiKind.EMAIL)).build();
    assertThat(emailsOnly.scrub("jo@example.com +44 20 7946 0958").text()).isEqualTo("<EMAIL> +44 20 7946 0958");
    assertThatThrownBy(() -> PiiScrubber.builder().kinds(Set.of()).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("kinds is empty");
  }
}

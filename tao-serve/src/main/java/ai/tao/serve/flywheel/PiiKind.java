package ai.tao.serve.flywheel;

/**
 * A kind of personal or secret data that {@link PiiScrubber} replaces, each with its own typed
 * placeholder so that a scrubbed prompt still reads as the request it was ("mail {@code <EMAIL>}
 * the invoice").
 *
 * @since 0.5
 */
public enum PiiKind {
  /** An e-mail address, {@code name@example.com}. */
  EMAIL("<EMAIL>"),
  /** A phone number: international ({@code +44 20 7946 0958}) or national with separators. */
  PHONE("<PHONE>"),
  /** A payment card number of 13 to 19 digits that passes the Luhn check. */
  CARD("<CARD>"),
  /** An API key, access token, password assignment or private key. */
  SECRET("<SECRET>");

  private final String placeholder;

  PiiKind(String placeholder) {
    this.placeholder = placeholder;
  }

  /** What a match is replaced by, such as {@code <EMAIL>}. */
  public String placeholder() {
    return placeholder;
  }
}

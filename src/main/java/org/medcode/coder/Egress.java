package org.medcode.coder;

import java.util.List;

/**
 * Where a configured coder sends the admissions it codes (note text, codes, anything derived from them), as its
 * factory declares it ({@link CoderFactory#egress}): nowhere outside this process ({@link #local()}), to the endpoints
 * listed ({@link #to}, URLs), or {@link #undeclared()}. Before a run on credentialed data the harness reads every
 * coder's declaration and refuses to start when one is undeclared or names an endpoint the run does not allow
 * ({@link AllowedEndpoints}).
 */
public record Egress(Kind kind, List<String> endpoints) {
  /** What a coder declares. */
  public enum Kind {
    /** Admissions stay in this process (computed here, or read from local files). */
    LOCAL,
    /** Admissions are sent to the listed endpoints (URLs) and nowhere else. */
    ENDPOINTS,
    /** The coder says nothing about where admissions go: treated as "anywhere". */
    UNDECLARED
  }

  public Egress {
    endpoints = List.copyOf(endpoints);
    if ((kind == Kind.ENDPOINTS) == endpoints.isEmpty()) {
      throw new IllegalArgumentException("endpoints are listed exactly for kind ENDPOINTS, got " + kind + " " + endpoints);
    }
  }

  /** Admissions stay in this process. */
  public static Egress local() {
    return new Egress(Kind.LOCAL, List.of());
  }

  /** Admissions go to these URLs (e.g. {@code https://api.openai.com/v1}) and nowhere else. */
  public static Egress to(String... urls) {
    return new Egress(Kind.ENDPOINTS, List.of(urls));
  }

  /** Nothing declared (the default of {@link CoderFactory#egress}). */
  public static Egress undeclared() {
    return new Egress(Kind.UNDECLARED, List.of());
  }

  /** E.g. {@code local}, {@code sends to https://api.openai.com/v1}, {@code undeclared}. */
  public String describe() {
    return switch (kind) {
      case LOCAL -> "local (admissions stay in this process)";
      case ENDPOINTS -> "sends admissions to " + String.join(", ", endpoints);
      case UNDECLARED -> "undeclared (refused on credentialed data)";
    };
  }
}

package org.medcode.coder.remote;

import java.util.Locale;
import java.util.Optional;
import org.medcode.MedcodeException;
import org.medcode.coder.AllowedEndpoints;
import org.medcode.coder.CoderContext;

/**
 * Keeps credentialed patient data (e.g. MIMIC, whose data use agreement forbids sending it to third parties) on
 * endpoints the user allowed, for every coder that sends admissions away ({@code llm}, {@code http}): the coder's
 * {@code allowedEndpoints} parameter, or with its default {@code run} the run's
 * ({@link CoderContext#allowedEndpoints()}, default loopback). Hosts are compared exactly as {@link AllowedEndpoints}
 * parses them, never resolved. Checked when the coder is created, before any request (the harness has checked the
 * coder's declared endpoint against the run's list before that).
 */
public final class EndpointGuard {
  /** The parameter value meaning "the run's allowed endpoints". */
  public static final String RUN = "run";

  private EndpointGuard() {}

  /** Refuses (a {@link MedcodeException} naming {@code coder}) credentialed data bound for an endpoint not allowed. */
  public static void check(String coder, CoderContext context, String baseUrl, String allowedEndpoints) {
    if (!context.credentialedData()) {
      return;
    }
    AllowedEndpoints allowed = allowed(context, allowedEndpoints);
    Optional<String> refusal = allowed.refusal(baseUrl);
    if (refusal.isPresent()) {
      throw new MedcodeException("coder " + coder + ": this dataset holds credentialed patient data and " + refusal.get()
          + ". Its data use agreement may forbid sending notes to that service; use a local model, or add the host to"
          + " allowedEndpoints only if your agreement permits it (e.g. a provider with a signed BAA / zero retention).");
    }
  }

  /** The list in force: the run's for {@code run}, else the coder's own (which can only narrow what the run allows). */
  public static AllowedEndpoints allowed(CoderContext context, String allowedEndpoints) {
    String text = allowedEndpoints == null ? RUN : allowedEndpoints.trim();
    return text.toLowerCase(Locale.ROOT).equals(RUN) ? context.allowedEndpoints() : AllowedEndpoints.parse(text);
  }

  public static boolean isLoopback(String host) {
    return AllowedEndpoints.isLoopback(host);
  }
}

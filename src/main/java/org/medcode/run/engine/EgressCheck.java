package org.medcode.run.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.medcode.MedcodeException;
import org.medcode.coder.AllowedEndpoints;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameters;
import org.medcode.coder.Egress;
import org.medcode.coder.registry.CoderRegistry;
import org.medcode.run.record.RunConfig;

/**
 * The harness's egress check: before a run on credentialed data creates any coder (so before any request), every
 * configured coder, built-in or plug-in, must declare ({@link CoderFactory#egress}) that the admissions stay in this
 * process or go only to endpoints on the run's {@code allowedEndpoints}. One coder that declares nothing, or names
 * another endpoint, stops the whole run.
 */
final class EgressCheck {
  private EgressCheck() {}

  /**
   * Refuses a run on credentialed data ({@code what} names it) whose coders do not keep it on the allowed endpoints.
   *
   * @throws MedcodeException naming every coder refused and why (exit code 2)
   */
  static void check(CoderRegistry registry, RunConfig config, boolean credentialed, String what) {
    if (!credentialed) {
      return;
    }
    AllowedEndpoints allowed = AllowedEndpoints.parse(config.allowedEndpoints());
    List<String> refusals = new ArrayList<>();
    for (RunConfig.CoderConfig coder : config.coders()) {
      refusal(registry, coder, allowed).ifPresent(reason -> refusals.add("coder " + coder.id() + ": " + reason));
    }
    if (!refusals.isEmpty()) {
      throw new MedcodeException(what + " holds credentialed patient data, which may only go to the run's"
          + " allowedEndpoints (" + allowed.describe() + "), and the run was refused before any coder started (nothing was"
          + " sent):\n  " + String.join("\n  ", refusals) + "\nUse coders that keep the data local or on an allowed"
          + " endpoint; add an endpoint to allowedEndpoints only if the data's use agreement permits sending it there.");
    }
  }

  /** Why this coder must not see credentialed data, or empty. */
  static Optional<String> refusal(CoderRegistry registry, RunConfig.CoderConfig coder, AllowedEndpoints allowed) {
    CoderFactory factory = registry.require(coder.name());
    Egress egress;
    try {
      egress = factory.egress(CoderParameters.resolve(factory, coder.parameters()));
    } catch (MedcodeException e) {
      throw e;
    } catch (RuntimeException e) {
      return Optional.of("could not say where it sends admissions (" + e + ")");
    }
    if (egress == null || egress.kind() == Egress.Kind.UNDECLARED) {
      return Optional.of("'" + coder.name() + "' does not declare where it sends admissions (CoderFactory.egress), so"
          + " it may send them anywhere");
    }
    List<String> problems = new ArrayList<>();
    for (String endpoint : egress.endpoints()) {
      allowed.refusal(endpoint).ifPresent(problems::add);
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of("sends admissions to " + String.join("; ", problems));
  }
}

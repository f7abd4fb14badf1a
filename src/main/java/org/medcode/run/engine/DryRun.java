package org.medcode.run.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medcode.MedcodeException;
import org.medcode.coder.AllowedEndpoints;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.Estimate;
import org.medcode.coder.registry.CoderRegistry;
import org.medcode.run.record.RunConfig;
import org.medcode.run.workspace.Workspace;

/**
 * {@code run --dry-run}: loads what the config names and asks each coder what it would send and cost, without
 * creating a run folder, sending or spending anything. {@code refusal} is set for a coder the run would refuse to
 * start (then the run as a whole would be refused). {@code warnings}: what the dataset says about itself (a MIMIC
 * cohort's steps, a sample larger than what is left), as the run prints them.
 */
public record DryRun(String dataset, int admissions, List<String> warnings, double maxCost, List<CoderPlan> coders) {
  public DryRun {
    warnings = List.copyOf(warnings);
    coders = List.copyOf(coders);
  }

  /** One coder's plan: its estimate (null for coders that send nothing), why it is unavailable, why it would be refused. */
  /** One coder's plan; {@code egress}: where it declares admissions go ({@link org.medcode.coder.Egress#describe}). */
  public record CoderPlan(String id, String name, Map<String, String> parameters, Estimate estimate, String unavailable,
      String refusal, String egress) {}

  /** Whether the run would be refused before it starts. */
  public boolean refused() {
    return coders.stream().anyMatch(c -> c.refusal() != null);
  }

  static DryRun of(Workspace workspace, RunConfig config) {
    RunData data = RunData.load(workspace, config, true, null);
    CoderRegistry registry = CoderRegistry.load();
    RunSession.Peers peers = new RunSession.Peers(registry, config.coders());
    // the run's own allowedEndpoints, as the run's context has them (credentialed data may go there and nowhere else)
    AllowedEndpoints allowed = AllowedEndpoints.parse(config.allowedEndpoints());
    peers.context = new CoderContext(data.table(), data.trainingAdmissions(), workspace.dataRoot(), workspace.cacheDir(),
        config.seed(), peers, data.credentialed(), workspace.listener(), allowed);
    List<CoderPlan> plans = new ArrayList<>();
    try {
      plan(registry, config, data, peers, allowed, plans);
    } finally {
      peers.close(); // peers an estimate created (another coder's candidates): clients and worker processes end
    }
    return new DryRun(data.dataset().spec(), data.dataset().admissions().size(), data.dataset().warnings(), config.maxCost(),
        plans);
  }

  private static void plan(CoderRegistry registry, RunConfig config, RunData data, RunSession.Peers peers,
      AllowedEndpoints allowed, List<CoderPlan> plans) {
    for (RunConfig.CoderConfig coder : config.coders()) {
      CoderFactory factory = registry.require(coder.name());
      Map<String, String> parameters = RunSession.parameters(factory, coder, peers.context);
      String unavailable = factory.unavailableReason(coder.parameters()).orElse(null);
      // the coder's own refusal, then the harness's egress check as the run makes it before any coder is created (a
      // plug-in that declares nothing, or names an endpoint the run does not allow, is refused there)
      String refusal = factory.refusal(peers.context, parameters, config.maxCost())
          .or(() -> peers.context.credentialedData() ? EgressCheck.refusal(registry, coder, allowed)
              .map(reason -> "coder " + coder.id() + ": " + reason + "; credentialed data may only go to the run's"
                  + " allowedEndpoints (" + allowed.describe() + ")") : Optional.empty())
          .or(() -> RunSession.modelParameterConflict(factory, coder, peers.context))
          .or(() -> RunSession.withoutNotes(factory, data.dataset()).map(reason -> "coder " + coder.id() + ": " + reason))
          .orElse(null);
      Estimate estimate;
      try {
        estimate = factory.estimate(peers.context, parameters, data.dataset().admissions()).orElse(null);
      } catch (MedcodeException e) {
        throw e;
      } catch (Exception e) {
        throw new MedcodeException("coder " + coder.id() + " could not estimate its run: " + e.getMessage(), e);
      }
      String egress;
      try {
        egress = factory.egress(parameters).describe();
      } catch (RuntimeException e) {
        egress = "unknown (" + e.getMessage() + ")";
      }
      plans.add(new CoderPlan(coder.id(), coder.name(), parameters, estimate, unavailable, refusal, egress));
    }
  }
}

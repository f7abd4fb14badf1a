package org.medcode.coder;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates one kind of coder. Built-in factories and {@link java.util.ServiceLoader} providers on the class path are
 * merged into one registry; {@code medcode coders} lists each with its parameters and availability.
 */
public interface CoderFactory {

  /** Short name used in configs, e.g. {@code rules}. */
  String name();

  /** One line saying what the coder does. */
  String description();

  /** Every parameter the coder accepts, with description and default. */
  List<CoderParameter> parameters();

  /**
   * Whether the coder codes from the admissions' note text (most do): a run whose admissions have none (a MIMIC spec with
   * {@code note=none}) refuses such a coder, which would code empty texts, before it starts.
   */
  default boolean readsNotes() {
    return true;
  }

  /** Empty when the coder can run here; otherwise why not (e.g. "no API key in OPENAI_API_KEY"). */
  default Optional<String> unavailableReason() {
    return Optional.empty();
  }

  /**
   * Empty when the coder can run here with these (given, not yet defaulted) parameters; otherwise why not. The run asks
   * this before creating a coder, so e.g. an LLM coder pointed at a local server needs no API key.
   */
  default Optional<String> unavailableReason(Map<String, String> parameters) {
    return unavailableReason();
  }

  /**
   * The ids of the run's other coders that a coder configured with these (given, not yet defaulted) parameters asks
   * for answers ({@link CoderContext#peers()}: an ensemble's members, a two-stage prompt's candidates). The run codes
   * them before it, so that one that answers all its admissions at once (a batch API's) has them ready when asked.
   */
  default List<String> peers(Map<String, String> parameters) {
    return List.of();
  }

  /**
   * Where a coder configured with these (validated, complete) parameters sends the admissions it codes: {@link
   * Egress#local()} when they stay in this process, {@link Egress#to} the endpoints it calls. The harness refuses to
   * start a run on credentialed data with a coder that declares nothing (the default) or an endpoint the run does not
   * allow, before any coder is created. A coder that combines other coders of the run declares only what it sends
   * itself (its peers declare theirs).
   */
  default Egress egress(Map<String, String> parameters) {
    return Egress.undeclared();
  }

  /**
   * Why a run must not start with these (validated, complete) parameters on this data under a cost budget of
   * {@code maxCost} (0 = none): e.g. a budget the coder cannot meter (a model without a price), or credentialed data
   * bound for an endpoint not allowed. The run asks every coder before any of them codes, so nothing is sent or spent
   * when one refuses; empty when it may run.
   */
  default Optional<String> refusal(CoderContext context, Map<String, String> parameters, double maxCost) {
    return Optional.empty();
  }

  /**
   * What coding these admissions would send and cost, worked out without sending anything ({@code run --dry-run});
   * empty for coders that send nothing anywhere. {@code parameters} are validated and complete.
   */
  default Optional<Estimate> estimate(CoderContext context, Map<String, String> parameters,
      java.util.List<org.medcode.dataset.Admission> admissions) throws Exception {
    return Optional.empty();
  }

  /** How this coder trains a model folder, when it learns (ml-*, embed-retrieval); empty for coders that do not. */
  default Optional<Trainable> trainable() {
    return Optional.empty();
  }

  /**
   * The parameters of this coder set to report every candidate it scores at least {@code minScore}, when it reports only
   * candidates above a threshold of its own that is higher (the rules coder's {@code min-score}); empty when it has no
   * such threshold or reports that much already. A stacked ensemble asks its members this way for the candidates they
   * leave out, so that it can keep one that other members confirm. {@code parameters} are validated and complete.
   */
  default Optional<Map<String, String>> widened(Map<String, String> parameters, double minScore) {
    return Optional.empty();
  }

  /**
   * The libraries, apart from medcode's own code, whose version decides what the coder answers (the rules coder's
   * Lucene analysis, e.g. {@code lucene 9.12.3}), in the keys of what is cached of its answers (an ensemble's
   * out-of-fold answers, through {@link Refittable#identity()}); empty when there is none.
   */
  default String libraries() {
    return "";
  }

  /**
   * The files the coder reads that its parameters name other than by their path (the llm coder's built-in prompts:
   * {@code prompt: zero-shot} is {@code configs/prompts/zero-shot.txt} of the checkout), by parameter, so that {@code
   * --resume} refuses one changed since the run started as it refuses a file a parameter names by path; empty when
   * there is none.
   */
  default Map<String, java.nio.file.Path> namedFiles(CoderContext context, Map<String, String> parameters) {
    return Map.of();
  }

  /** A configured coder; {@code parameters} are validated and complete (defaults filled in). */
  Coder create(CoderContext context, Map<String, String> parameters) throws Exception;
}

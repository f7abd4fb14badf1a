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

  /** How this coder trains a model folder, when it learns (ml-*, embed-retrieval); empty for coders that do not. */
  default Optional<Trainable> trainable() {
    return Optional.empty();
  }

  /** A configured coder; {@code parameters} are validated and complete (defaults filled in). */
  Coder create(CoderContext context, Map<String, String> parameters) throws Exception;
}

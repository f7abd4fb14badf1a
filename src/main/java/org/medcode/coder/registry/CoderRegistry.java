package org.medcode.coder.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.medcode.MedcodeException;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.Trainable;
import org.medcode.coder.baseline.FrequencyCoderFactory;
import org.medcode.coder.baseline.ReplayCoderFactory;
import org.medcode.coder.embed.EmbedRetrievalCoderFactory;
import org.medcode.coder.ensemble.EnsembleCoderFactory;
import org.medcode.coder.external.ExecCoderFactory;
import org.medcode.coder.external.HttpCoderFactory;
import org.medcode.coder.llm.LlmCoderFactory;
import org.medcode.coder.ml.MlCoderFactory;
import org.medcode.coder.rules.RulesCoderFactory;

/**
 * Every coder medcode knows: the built-ins, then {@link ServiceLoader} providers of {@link CoderFactory} from jars on
 * the class path (a provider may not reuse a built-in name). Parameters are checked by {@link
 * org.medcode.coder.CoderParameters}.
 */
public final class CoderRegistry {
  private final Map<String, CoderFactory> factories;
  private final List<String> problems;

  private CoderRegistry(Map<String, CoderFactory> factories, List<String> problems) {
    this.factories = factories;
    this.problems = List.copyOf(problems);
  }

  /** Built-ins plus the providers visible to this class's class loader. */
  public static CoderRegistry load() {
    return of(builtIns(), ServiceLoader.load(CoderFactory.class, CoderRegistry.class.getClassLoader()));
  }

  static List<CoderFactory> builtIns() {
    return List.of(new FrequencyCoderFactory(), new ReplayCoderFactory(), new RulesCoderFactory(), new LlmCoderFactory(),
        MlCoderFactory.linear(), MlCoderFactory.knn(), new EmbedRetrievalCoderFactory(), new EnsembleCoderFactory(),
        new HttpCoderFactory(), new ExecCoderFactory());
  }

  static CoderRegistry of(List<CoderFactory> builtIns, Iterable<CoderFactory> providers) {
    Map<String, CoderFactory> factories = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    builtIns.forEach(factory -> factories.put(factory.name(), factory));
    try {
      for (CoderFactory provider : providers) {
        if (factories.containsKey(provider.name())) {
          problems.add("provider " + provider.getClass().getName() + " reuses the name '" + provider.name() + "' and was ignored");
        } else {
          factories.put(provider.name(), provider);
        }
      }
    } catch (ServiceConfigurationError e) {
      problems.add("a coder provider could not be loaded: " + e.getMessage());
    }
    return new CoderRegistry(factories, problems);
  }

  public List<CoderFactory> all() {
    return List.copyOf(factories.values());
  }

  /** Problems met while loading providers (shown by {@code medcode coders}). */
  public List<String> problems() {
    return problems;
  }

  public Optional<CoderFactory> find(String name) {
    return Optional.ofNullable(factories.get(name));
  }

  /** How a coder trains, or an error naming the coders that do. */
  public Trainable trainable(CoderFactory factory) {
    return factory.trainable().orElseThrow(() -> {
      List<String> names = factories.values().stream().filter(f -> f.trainable().isPresent()).map(CoderFactory::name)
          .toList();
      String known = names.size() < 2 ? String.join("", names)
          : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
      return new MedcodeException("coder " + factory.name() + " does not train; medcode train knows " + known);
    });
  }

  /** The factory for a name, or an error listing the known names. */
  public CoderFactory require(String name) {
    return find(name).orElseThrow(() -> new MedcodeException("unknown coder '" + name + "'; known coders: "
        + String.join(", ", factories.keySet()) + " (see ./medcode coders)"));
  }
}

package org.medcode.coder.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.medcode.Launcher;
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
 * Every coder medcode knows: the built-ins, then the providers of {@link CoderFactory} named in
 * {@code META-INF/services/org.medcode.coder.CoderFactory} of jars on the class path (a provider may not reuse a
 * built-in name), each with the jar it came from. A provider that cannot be loaded or created is kept as
 * {@link Unavailable} with the reason, and so is a jar of a plug-in folder that declares no coder. Parameters are checked
 * by {@link org.medcode.coder.CoderParameters}.
 */
public final class CoderRegistry {
  /** The services file that names coder providers. */
  static final String SERVICES = "META-INF/services/" + CoderFactory.class.getName();

  /** A plug-in that did not load: the provider class (or the jar), where it came from, and why. */
  public record Unavailable(String provider, String source, String reason) {}

  private final Map<String, CoderFactory> factories;
  private final Map<String, String> sources;
  private final List<Unavailable> unavailable;
  private final List<String> problems;
  /** Per coder name declared more than once: the providers of it that were ignored ("CLASS (JAR)"). */
  private final Map<String, List<String>> ignored;

  private CoderRegistry(Map<String, CoderFactory> factories, Map<String, String> sources, List<Unavailable> unavailable,
      List<String> problems, Map<String, List<String>> ignored) {
    this.factories = factories;
    this.sources = sources;
    this.unavailable = List.copyOf(unavailable);
    this.problems = List.copyOf(problems);
    this.ignored = Map.copyOf(ignored);
  }

  /** Built-ins plus the providers visible to this class's class loader; plug-in folders from {@code medcode.plugins}. */
  public static CoderRegistry load() {
    return load(CoderRegistry.class.getClassLoader(), System.getProperty("medcode.plugins", ""));
  }

  static CoderRegistry load(ClassLoader loader, String pluginFolders) {
    Map<String, CoderFactory> factories = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    List<Unavailable> unavailable = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    Map<String, List<String>> ignored = new LinkedHashMap<>();
    builtIns().forEach(factory -> {
      factories.put(factory.name(), factory);
      sources.put(factory.name(), "built-in");
    });
    java.util.Set<String> seen = new java.util.HashSet<>();
    java.util.Set<String> declaringJars = new java.util.HashSet<>();
    java.util.Set<String> emptyDeclarations = new java.util.HashSet<>(); // the file, naming no class
    java.util.Enumeration<java.net.URL> files;
    try {
      files = loader.getResources(SERVICES);
    } catch (java.io.IOException e) {
      problems.add("cannot list the coder providers on the class path: " + e.getMessage());
      files = java.util.Collections.emptyEnumeration();
    }
    while (files.hasMoreElements()) {
      java.net.URL file = files.nextElement();
      String source = source(file);
      List<String> classNames = classNames(file, problems);
      (classNames.isEmpty() ? emptyDeclarations : declaringJars).add(source);
      for (String className : classNames) {
        if (!seen.add(className)) {
          continue;
        }
        CoderFactory provider;
        try {
          Class<?> type = Class.forName(className, true, loader);
          if (!CoderFactory.class.isAssignableFrom(type)) {
            throw new IllegalStateException("it does not implement " + CoderFactory.class.getName());
          }
          provider = (CoderFactory) type.getConstructor().newInstance();
          provider.name();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
          Throwable cause = e instanceof java.lang.reflect.InvocationTargetException target && target.getCause() != null
              ? target.getCause() : e;
          unavailable.add(new Unavailable(className, source, why(cause)));
          continue;
        }
        if (factories.containsKey(provider.name())) {
          problems.add("provider " + className + " (" + source + ") reuses the name '" + provider.name() + "' and was ignored"
              + " (a run of coder '" + provider.name() + "' is refused until one of them has another name)");
          ignored.computeIfAbsent(provider.name(), name -> new ArrayList<>()).add(className + " (" + source + ")");
        } else {
          factories.put(provider.name(), provider);
          sources.put(provider.name(), source);
        }
      }
    }
    for (String folder : pluginFolders.split(":")) {
      if (folder.isBlank() || !java.nio.file.Files.isDirectory(java.nio.file.Path.of(folder))) {
        continue;
      }
      try (var jars = java.nio.file.Files.list(java.nio.file.Path.of(folder))) {
        for (java.nio.file.Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
          String name = jar.toAbsolutePath().normalize().toString();
          if (!declaringJars.contains(name)) {
            unavailable.add(new Unavailable(jar.getFileName().toString(), name, unreadable(jar)
                .orElse("declares no coder: " + (emptyDeclarations.contains(name) ? "its " + SERVICES + " names no class"
                    : "it has no " + SERVICES))));
          }
        }
      } catch (java.io.IOException e) {
        problems.add("cannot list the plug-in folder " + folder + ": " + e.getMessage());
      }
    }
    return new CoderRegistry(factories, sources, unavailable, problems, ignored);
  }

  /** Why a coder's class could not be loaded or linked: "class not found: NAME", or the error's kind and message. */
  public static String why(Throwable e) {
    String kind = e instanceof ClassNotFoundException || e instanceof NoClassDefFoundError ? "class not found"
        : e instanceof NoSuchMethodException ? "no public constructor without arguments" : e.getClass().getSimpleName();
    return kind + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /**
   * What to do about a plug-in's {@link LinkageError} ({@code whose}: "it", "the coder"): a class missing is a library
   * to put beside its jar; a class, method, field or type of medcode's that is missing or changed
   * ({@link NoSuchMethodError}, {@link AbstractMethodError}, ...) says that the plug-in was built against another version
   * of medcode.
   */
  public static String jarsHint(LinkageError error, String whose) {
    String message = String.valueOf(error.getMessage());
    if (error instanceof NoClassDefFoundError ? message.startsWith("org/medcode/")
        : error instanceof IncompatibleClassChangeError && message.contains("org.medcode.")) {
      return whose + " was built against another version of medcode's coder API: rebuild it against this one (javac -cp"
          + " target/classes or target/medcode.jar of this checkout)";
    }
    return "put the jars " + whose + " needs beside it (in plugins/ or a folder of MEDCODE_PLUGINS)";
  }

  /** Why a jar cannot be read, if it cannot. */
  private static Optional<String> unreadable(java.nio.file.Path jar) {
    try {
      new java.util.zip.ZipFile(jar.toFile()).close(); // opening it reads its directory: that is the check
      return Optional.empty();
    } catch (java.io.IOException e) {
      return Optional.of("not a readable jar: " + e.getMessage());
    }
  }

  /** The jar (or class folder) a services file belongs to. */
  private static String source(java.net.URL file) {
    String text = file.toString();
    try {
      if (text.startsWith("jar:")) {
        String inner = text.substring(4, text.indexOf("!/"));
        return java.nio.file.Path.of(java.net.URI.create(inner)).toAbsolutePath().normalize().toString();
      }
      if (text.startsWith("file:")) {
        java.nio.file.Path path = java.nio.file.Path.of(file.toURI());
        return path.getParent().getParent().getParent().toString();
      }
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      return text;
    }
    return text;
  }

  private static List<String> classNames(java.net.URL file, List<String> problems) {
    List<String> names = new ArrayList<>();
    try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(file.openStream(),
        java.nio.charset.StandardCharsets.UTF_8))) {
      boolean first = true;
      for (String line = in.readLine(); line != null; line = in.readLine(), first = false) {
        if (first && line.startsWith("\uFEFF")) { // a byte-order mark, as Windows editors save UTF-8: not a name
          line = line.substring(1);
        }
        int comment = line.indexOf('#');
        String name = (comment < 0 ? line : line.substring(0, comment)).trim();
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
    } catch (java.io.IOException e) {
      problems.add("cannot read " + file + ": " + e.getMessage());
    }
    return names;
  }

  static List<CoderFactory> builtIns() {
    return List.of(new FrequencyCoderFactory(), new ReplayCoderFactory(), new RulesCoderFactory(), new LlmCoderFactory(),
        MlCoderFactory.linear(), MlCoderFactory.knn(), new EmbedRetrievalCoderFactory(), new EnsembleCoderFactory(),
        new HttpCoderFactory(), new ExecCoderFactory());
  }

  /** Where a coder came from: {@code built-in}, or the jar (or class folder) of a plug-in. */
  public String source(CoderFactory factory) {
    return sources.getOrDefault(factory.name(), "unknown");
  }

  /** Plug-ins that did not load, with the reason (shown by {@code medcode coders}). */
  public List<Unavailable> unavailable() {
    return unavailable;
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

  /**
   * The factory for a name, or an error listing the known names. A name that more than one provider declares is
   * refused, naming each: which one runs would depend on the order of the class path (two versions of a plug-in side by
   * side, or a plug-in named as a built-in), and a run of the other would be scored as if it were the one meant.
   */
  public CoderFactory require(String name) {
    CoderFactory factory = find(name).orElseThrow(() -> new MedcodeException("unknown coder '" + name
        + "'; known coders: " + String.join(", ", factories.keySet()) + " (see " + Launcher.command() + " coders)"));
    List<String> others = ignored.get(name);
    if (others != null) {
      String first = sources.get(name).equals("built-in") ? "the built-in coder"
          : factory.getClass().getName() + " (" + sources.get(name) + ")";
      throw new MedcodeException("coder '" + name + "' is declared more than once: by " + first + " and by "
          + String.join(" and by ", others) + "; remove the jar you do not mean from plugins/ or MEDCODE_PLUGINS, or give"
          + " its coder another name (see " + Launcher.command() + " coders)");
    }
    return factory;
  }
}

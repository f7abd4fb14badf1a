package org.medcode.run.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.medcode.JsonErrors;
import org.medcode.Launcher;
import org.medcode.MedcodeException;

/**
 * {@code manifest.json} of a run folder: the config as run (replayable), dataset and training fingerprints, the code
 * table, harness version, git commit and Java version, seed, start/end times, sessions, status, and per coder its
 * {@link CoderEntry}. A coder's folder holds the same manifest narrowed to that coder ({@link #forCoder}): no status
 * and no other coders, but the coder's id, its entry and its own start and end. Jackson reads and writes this record
 * directly; the config keeps its YAML form ({@link RunConfigs}). Written atomically (temp file + rename).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunManifest(int schema, RunConfig config, DatasetRef dataset, DatasetRef training, TableRef codeTable,
    Harness harness, long seed, String started, int sessions, String status, Map<String, CoderEntry> coders, String coder,
    CoderEntry result, String ended) {
  public static final String FILE = "manifest.json";
  public static final int SCHEMA = 1;
  private static final String WHERE = "where";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).disable(DeserializationFeature.WRAP_EXCEPTIONS)
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).registerModule(new SimpleModule()
          .addSerializer(RunConfig.class, new ConfigSerializer()).addDeserializer(RunConfig.class, new ConfigDeserializer()));

  /**
   * A dataset as run: spec, fingerprint, admissions, (for the evaluated one) whether it is credentialed data, and, when
   * the spec names files by relative paths, the absolute directory they were read from ({@code report}, {@code compare},
   * {@code gate} and {@code --resume} read them from there wherever they are started).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DatasetRef(String spec, String fingerprint, int admissions, Boolean credentialed, String directory) {
    public DatasetRef(String spec, String fingerprint, int admissions, Boolean credentialed) {
      this(spec, fingerprint, admissions, credentialed, null);
    }

    /** The directory relative paths of this run's specs are read from, or null (the current one). */
    public static Path base(DatasetRef ref) {
      return ref == null || ref.directory() == null ? null : Path.of(ref.directory());
    }
  }

  /**
   * The code table a run scored with; for a table of your own also {@code sha256}, the SHA-256 of its codes and
   * billable flags ({@link org.medcode.codesystem.CodeTable#codesSha256}), which {@code report}, {@code compare} and
   * {@code --resume} check (null: an official table, or a run of an older medcode).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TableRef(String system, String version, String description, String sha256) {
    public TableRef(String system, String version, String description) {
      this(system, version, description, null);
    }
  }

  /** What ran it: harness version, git commit of the checkout ("unknown" outside git), Java version. */
  public record Harness(String version, String gitCommit, String java) {}

  /** Tokens and money a coder spent in a run folder; {@code reasoningTokens}: the share of the output tokens spent reasoning. */
  public record Usage(long inputTokens, long outputTokens, double cost, int calls,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) long reasoningTokens) {
    public Usage(long inputTokens, long outputTokens, double cost, int calls) {
      this(inputTokens, outputTokens, cost, calls, 0);
    }
  }

  /**
   * What one coder did in a run folder over all its sessions: its resolved parameters and answer counts, failures by
   * kind, the time the last session took to start the coder (create it: load or train a model, connect) and to code,
   * usage (metered coders), whether the cost budget stopped it, why it was unavailable, its status ("complete" or
   * "incomplete"), and {@code facts} the coder states about itself (e.g. the price it charged, or that it had none).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record CoderEntry(String name, Map<String, String> parameters, int admissions, int answered, int empty, int failed,
      Map<String, Integer> failuresByKind, @JsonInclude(JsonInclude.Include.NON_DEFAULT) long startMillisThisSession,
      long codingMillisThisSession, Usage usage, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean budgetReached,
      String unavailable, String status, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> facts,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Integer> servedModels,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Integer> systemFingerprints) {
    public CoderEntry {
      parameters = parameters == null ? Map.of() : new LinkedHashMap<>(parameters);
      failuresByKind = failuresByKind == null ? Map.of() : new LinkedHashMap<>(failuresByKind);
      facts = facts == null ? Map.of() : new LinkedHashMap<>(facts);
      servedModels = servedModels == null ? Map.of() : new LinkedHashMap<>(servedModels);
      systemFingerprints = systemFingerprints == null ? Map.of() : new LinkedHashMap<>(systemFingerprints);
    }

    /** An entry of a coder that names no served model (it calls none, or its provider says nothing). */
    public CoderEntry(String name, Map<String, String> parameters, int admissions, int answered, int empty, int failed,
        Map<String, Integer> failuresByKind, long startMillisThisSession, long codingMillisThisSession, Usage usage,
        boolean budgetReached, String unavailable, String status, Map<String, String> facts) {
      this(name, parameters, admissions, answered, empty, failed, failuresByKind, startMillisThisSession,
          codingMillisThisSession, usage, budgetReached, unavailable, status, facts, null, null);
    }

    /** Whether every admission was answered or failed; an entry that does not say counts as complete. */
    public boolean complete() {
      return status == null || "complete".equals(status);
    }
  }

  /**
   * The coders' entries, in the order they were recorded; empty when the manifest records none (a run killed before
   * its first coder was recorded, or a coder folder's manifest). Every reader asks here, so that a manifest without
   * entries reads alike everywhere.
   */
  public Map<String, CoderEntry> entries() {
    return coders == null ? Map.of() : coders;
  }

  /** The entry of coder {@code id}, or null when the manifest has none for it (it has not been recorded). */
  public CoderEntry entry(String id) {
    return entries().get(id);
  }

  /** The same manifest with another status and end time (null: none). */
  public RunManifest withStatus(String newStatus, String newEnded) {
    return new RunManifest(schema, config, dataset, training, codeTable, harness, seed, started, sessions, newStatus, coders,
        coder, result, newEnded);
  }

  /** The same manifest with one more coder entry, or a coder's entry replaced (entries keep their order). */
  public RunManifest withCoder(String id, CoderEntry entry) {
    Map<String, CoderEntry> entries = new LinkedHashMap<>(entries());
    entries.put(id, entry);
    return new RunManifest(schema, config, dataset, training, codeTable, harness, seed, started, sessions, status, entries,
        coder, result, ended);
  }

  /** The manifest of one coder's folder: this run's, narrowed to that coder, with the coder's own start and end. */
  public RunManifest forCoder(String id, CoderEntry entry, String coderStarted, String coderEnded) {
    return new RunManifest(schema, config, dataset, training, codeTable, harness, seed, coderStarted, sessions, null, null,
        id, entry, coderEnded);
  }

  /** Writes {@value #FILE} into a folder (created when missing), atomically. */
  public void write(Path folder) {
    try {
      Files.createDirectories(folder);
      Path temp = folder.resolve(FILE + ".tmp");
      JSON.writeValue(temp.toFile(), this);
      Files.move(temp, folder.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + folder.resolve(FILE), e);
    }
  }

  /** Reads the manifest of a run folder; errors name the file. */
  public static RunManifest read(Path folder) {
    Path file = folder.resolve(FILE);
    JsonNode node;
    try {
      node = JSON.readTree(file.toFile());
    } catch (NoSuchFileException | FileNotFoundException e) {
      if (java.nio.file.Files.isRegularFile(folder.resolve("metrics.json"))) {
        throw new MedcodeException(folder + " holds the output of medcode evaluate, not a run: report, compare, gate and"
            + " baseline take run folders; to have one, run the predictions as a coder, e.g. " + Launcher.command() + " run CONFIG --set"
            + " 'coders=[{name: replay, file: PREDICTIONS}]'");
      }
      throw new MedcodeException(folder + " is not a run folder: it has no " + FILE + (java.nio.file.Files.isDirectory(folder)
          ? " (a run killed before it wrote one recorded nothing: start it again with " + Launcher.command() + " run CONFIG --out "
              + folder + ")" : ""));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // Jackson's own message spans two lines and names its source as REDACTED: say where and what, once
      long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new MedcodeException.BadInput(file, line, "cannot read the manifest: it is not whole JSON ("
          + JsonErrors.describe(e) + (e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr())
          + "): cut short or edited since the run wrote it (a run writes it whole); restore it from a copy of the run"
          + " folder");
    } catch (IOException e) {
      throw new MedcodeException.BadInput(file, 0, "cannot read the manifest: " + e.getMessage());
    }
    if (node == null || node.isMissingNode()) {
      throw new MedcodeException.BadInput(file, 0, "cannot read the manifest: the file is empty (cut or emptied since"
          + " the run wrote it); restore it from a copy of the run folder");
    }
    if (!node.isObject() || !node.has("config")) {
      throw new MedcodeException.BadInput(file, 0, "not a medcode run manifest (no \"config\")");
    }
    JsonNode schema = node.get("schema");
    if (schema != null && (!schema.canConvertToInt() || schema.intValue() > SCHEMA)) {
      // fields a newer layout added or changed would be ignored or misread: never report from half a manifest
      throw new MedcodeException.BadInput(file, 0, "written with manifest schema " + schema + ", which this medcode ("
          + "schema " + SCHEMA + ") cannot read; use the medcode that made the run, or a newer one");
    }
    try {
      return JSON.readerFor(RunManifest.class).withAttribute(WHERE, file.toString()).readValue(node);
    } catch (IOException e) {
      throw new MedcodeException.BadInput(file, 0, "cannot read the manifest: " + e.getMessage() + writer(node));
    } catch (MedcodeException e) {
      // its config does not read here (an unknown key, a value of a kind this medcode lacks): most often a newer
      // medcode's run, whose schema number a new key did not raise; said with the build that wrote it
      throw e.exitCode() == 2 ? new MedcodeException(e.getMessage() + writer(node), e) : e;
    }
  }

  /** Which medcode wrote a manifest that does not read here, as it records it, and what to do. */
  private static String writer(JsonNode node) {
    JsonNode harness = node.path("harness");
    return harness.isObject() ? " (the run was made by medcode " + harness.path("version").asText("?") + ", commit "
        + harness.path("git_commit").asText("?") + ": a run made by a newer medcode can hold what this one does not"
        + " know; read it with the medcode that made it, or a newer one)" : "";
  }

  /** The config in a manifest is the config's own form (the YAML keys), so that it reads back as a config file does. */
  private static final class ConfigSerializer extends StdSerializer<RunConfig> {
    private static final long serialVersionUID = 1L;

    ConfigSerializer() {
      super(RunConfig.class);
    }

    @Override
    public void serialize(RunConfig config, JsonGenerator generator, SerializerProvider provider) throws IOException {
      generator.writeTree(RunConfigs.toTree(config));
    }
  }

  /** Reads the config back through {@link RunConfigs#fromTree}, which validates it and names the manifest in errors. */
  private static final class ConfigDeserializer extends StdDeserializer<RunConfig> {
    private static final long serialVersionUID = 1L;

    ConfigDeserializer() {
      super(RunConfig.class);
    }

    @Override
    public RunConfig deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      JsonNode tree = parser.readValueAsTree();
      String where = String.valueOf(context.getAttribute(WHERE));
      if (!(tree instanceof ObjectNode object)) {
        throw new MedcodeException(where + ": \"config\" must be a mapping, got " + tree);
      }
      return RunConfigs.fromTree(object, where);
    }
  }
}

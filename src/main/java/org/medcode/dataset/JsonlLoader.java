package org.medcode.dataset;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.medcode.Ids;
import org.medcode.MedcodeException;
import org.medcode.Plural;
import org.medcode.Utf8;
import org.medcode.codesystem.CanonicalCodes;
import org.medcode.codesystem.CodeSystemId;

/**
 * Native JSONL: one admission per line, in file order. Blank lines are skipped; every other line must be a JSON
 * object with the fields documented in {@code datasets/README.md}. Unknown fields are an error naming them.
 * {@code "credentialed": true} marks an admission as credentialed data ({@link Dataset#CREDENTIALED} in its metadata).
 * Ids follow the rule of {@link Ids} (trimmed, accents composed; a control character is an error); a leading byte order mark is skipped;
 * text that is not UTF-8 is an error naming the line and byte offset.
 *
 * <p>A line is first read token by token straight into its admission, without building a JSON tree; a line that is
 * anything but well formed and plain (a field or value this path does not take — evidence spans, a value of the wrong
 * type, an unknown field, malformed JSON, an invalid id or code) is read again as a tree, which accepts it or names its
 * error as it always has. Both paths give the same admission ({@code JsonlLoaderFastPathTest}).
 */
public final class JsonlLoader {
  private static final Set<String> ADMISSION_FIELDS = Set.of("id", "patient_id", "notes", "codes", "metadata",
      Dataset.CREDENTIALED);
  private static final Set<String> NOTE_FIELDS = Set.of("type", "text");
  private static final Set<String> CODE_FIELDS = Set.of("system", "code", "sequence", "primary", "evidence");
  private static final Set<String> SPAN_FIELDS = Set.of("note", "start", "end", "text");
  static final String DEFAULT_NOTE_TYPE = "note";

  private final ObjectMapper mapper = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  /** Shares code strings and plain gold codes across the admissions of one load (a loader is made per load). */
  private final GoldCodes gold = new GoldCodes();
  private final Map<String, String> types = new HashMap<>();
  /** Whether lines are first read token by token (false: every line as a tree, for tests). */
  private final boolean streaming;
  /** Where the notes' texts go ({@link NoteStore#forDataset()}; another store in tests). */
  private final NoteStore store;

  public JsonlLoader() {
    this(true);
  }

  JsonlLoader(boolean streaming) {
    this(streaming, NoteStore.forDataset());
  }

  JsonlLoader(boolean streaming, NoteStore store) {
    this.streaming = streaming;
    this.store = store;
  }

  public record Result(List<Admission> admissions, List<String> warnings) {}

  public Result load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new MedcodeException.BadInput(file, 0, "file not found" + MedcodeException.readFromHere());
    }
    List<Admission> admissions = new ArrayList<>();
    Map<String, Long> firstLine = new HashMap<>();
    int duplicates = 0;
    int withoutCodes = 0;
    int withoutNotes = 0;
    try (BufferedReader reader = Files.newBufferedReader(file)) {
      long lineNumber = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (lineNumber == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1); // a byte order mark, as some Windows editors write
        }
        if (line.isBlank()) {
          continue;
        }
        Line at = new Line(file, lineNumber);
        Parsed parsed = streaming ? plain(line, at) : null;
        if (parsed == null) {
          JsonNode node;
          try {
            node = mapper.readTree(line);
          } catch (JsonProcessingException e) {
            throw at.bad("expected one JSON object per line: " + org.medcode.JsonErrors.describe(e));
          }
          parsed = admission(node, at);
        }
        Long earlier = firstLine.putIfAbsent(parsed.admission.id(), lineNumber);
        if (earlier != null) {
          throw at.bad("admission id " + Ids.show(parsed.admission.id()) + " already used on line " + earlier
              + "; expected each admission on one line");
        }
        duplicates += parsed.duplicates;
        withoutCodes += parsed.admission.codes().isEmpty() ? 1 : 0;
        withoutNotes += parsed.admission.notes().isEmpty() ? 1 : 0;
        admissions.add(parsed.admission);
      }
    } catch (CharacterCodingException e) {
      throw Utf8.error(file, e);
    } catch (IOException e) {
      throw new MedcodeException.BadInput(file, 0, "cannot read: " + e.getMessage(), e);
    }
    List<String> warnings = new ArrayList<>();
    if (admissions.isEmpty()) {
      warnings.add(file + ": no admissions");
    }
    if (withoutCodes > 0) {
      warnings.add(withoutCodes + " of " + Plural.of(admissions.size(), "admission") + " " + Plural.verb(withoutCodes, "have")
          + " no gold codes");
    }
    if (withoutNotes > 0) {
      warnings.add(withoutNotes + " of " + Plural.of(admissions.size(), "admission") + " " + Plural.verb(withoutNotes, "have")
          + " no notes");
    }
    if (duplicates > 0) {
      warnings.add(duplicates + " repeated (system, code) gold " + Plural.noun(duplicates, "row")
          + " merged (gold codes are a set per admission and system)");
    }
    return new Result(admissions, warnings);
  }

  private record Parsed(Admission admission, int duplicates) {}

  /** Thrown by the token reader at anything it leaves to the tree reader. */
  private static final class NotPlain extends Exception {
    private static final long serialVersionUID = 1L;

    NotPlain() {
      super(null, null, false, false);
    }
  }

  private static final NotPlain NOT_PLAIN = new NotPlain();

  /**
   * The admission of a plain line read token by token, or null for the tree reader to read (and judge) the line: the
   * same checks as {@link #admission}, each of which sends the line there instead of failing.
   */
  private Parsed plain(String line, Line at) throws IOException {
    try (JsonParser parser = mapper.createParser(line)) {
      return plain(parser, at);
    } catch (NotPlain | JsonProcessingException | MedcodeException | IllegalArgumentException e) {
      return null;
    }
  }

  private Parsed plain(JsonParser parser, Line at) throws IOException, NotPlain {
    expect(parser.nextToken(), JsonToken.START_OBJECT);
    String id = null;
    String patientId = null;
    List<Note> notes = null;
    List<GoldCode> codeList = null;
    Map<String, String> metadata = null;
    boolean credentialed = false;
    for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_NULL) { // as absent, as hasNonNull reads it
        if (field.equals("id") || field.equals("notes") || field.equals("codes") || !ADMISSION_FIELDS.contains(field)) {
          throw NOT_PLAIN;
        }
        continue;
      }
      switch (field) {
        case "id" -> id = at.id(nonBlank(parser, value), "id");
        case "patient_id" -> patientId = at.id(string(parser, value), "patient_id");
        case "notes" -> notes = objects(parser, value, this::plainNote);
        case "codes" -> codeList = objects(parser, value, this::plainCode);
        case "metadata" -> metadata = metadata(parser, value);
        case Dataset.CREDENTIALED -> {
          if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
            throw NOT_PLAIN;
          }
          credentialed = value == JsonToken.VALUE_TRUE;
        }
        default -> throw NOT_PLAIN;
      }
    }
    if (parser.nextToken() != null || id == null || notes == null || codeList == null) {
      throw NOT_PLAIN; // trailing tokens, or a required field missing: the tree reader says which
    }
    GoldCodeSet codes = new GoldCodeSet();
    int duplicates = 0;
    for (GoldCode code : codeList) {
      duplicates += codes.add(code) ? 0 : 1;
    }
    Map<String, String> meta = metadata != null ? metadata : new LinkedHashMap<>();
    if (credentialed) {
      meta.put(Dataset.CREDENTIALED, "true");
    }
    return new Parsed(new Admission(id, patientId != null ? patientId : id, notes, codes.toList(), meta), duplicates);
  }

  /** Reads one element of an array of objects, its start already read. */
  private interface Element<T> {
    T read(JsonParser parser) throws IOException, NotPlain;
  }

  /** An array of objects, each read by {@code element}. */
  private static <T> List<T> objects(JsonParser parser, JsonToken value, Element<T> element)
      throws IOException, NotPlain {
    expect(value, JsonToken.START_ARRAY);
    List<T> out = new ArrayList<>();
    for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      expect(token, JsonToken.START_OBJECT);
      out.add(element.read(parser));
    }
    return out;
  }

  private Note plainNote(JsonParser parser) throws IOException, NotPlain {
    String type = DEFAULT_NOTE_TYPE;
    String text = null;
    for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
      JsonToken value = parser.nextToken();
      switch (field) {
        case "type" -> type = value == JsonToken.VALUE_NULL ? DEFAULT_NOTE_TYPE : string(parser, value);
        case "text" -> text = string(parser, value); // a null text is missing: not plain
        default -> throw NOT_PLAIN;
      }
    }
    if (text == null) {
      throw NOT_PLAIN;
    }
    return store.note(types.computeIfAbsent(type, t -> t), text);
  }

  private GoldCode plainCode(JsonParser parser) throws IOException, NotPlain {
    String systemText = null;
    String raw = null;
    Integer sequence = null;
    boolean primary = false;
    for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_NULL) {
        if (!CODE_FIELDS.contains(field)) {
          throw NOT_PLAIN;
        }
        continue;
      }
      switch (field) {
        case "system" -> systemText = nonBlank(parser, value);
        case "code" -> raw = nonBlank(parser, value);
        case "sequence" -> {
          if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT
              || parser.getIntValue() < 1) {
            throw NOT_PLAIN;
          }
          sequence = parser.getIntValue();
        }
        case "primary" -> {
          if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
            throw NOT_PLAIN;
          }
          primary = value == JsonToken.VALUE_TRUE;
        }
        default -> throw NOT_PLAIN; // evidence spans too: the tree reader checks them against the notes
      }
    }
    if (systemText == null || raw == null) {
      throw NOT_PLAIN;
    }
    CodeSystemId system = gold.system(systemText);
    GoldCodes.Spelling spelling = gold.code(raw);
    if (spelling.code().isEmpty()) {
      throw NOT_PLAIN;
    }
    return spelling.raw().equals(raw) ? gold.gold(spelling, system, sequence, primary, new ArrayList<>())
        : new GoldCode(spelling.code(), raw, system, sequence, primary, new ArrayList<>());
  }

  private static Map<String, String> metadata(JsonParser parser, JsonToken value) throws IOException, NotPlain {
    expect(value, JsonToken.START_OBJECT);
    Map<String, String> metadata = new LinkedHashMap<>();
    for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
      metadata.put(field, string(parser, parser.nextToken()));
    }
    return metadata;
  }

  private static void expect(JsonToken token, JsonToken expected) throws NotPlain {
    if (token != expected) {
      throw NOT_PLAIN;
    }
  }

  private static String string(JsonParser parser, JsonToken token) throws IOException, NotPlain {
    expect(token, JsonToken.VALUE_STRING);
    return parser.getText();
  }

  private static String nonBlank(JsonParser parser, JsonToken token) throws IOException, NotPlain {
    String text = string(parser, token);
    if (text.isBlank()) {
      throw NOT_PLAIN;
    }
    return text;
  }

  private Parsed admission(JsonNode node, Line at) {
    at.object(node, "admission", ADMISSION_FIELDS);
    String id = at.id(at.requiredText(node, "id", "admission"), "id");
    String patientId = node.hasNonNull("patient_id") ? at.id(at.text(node.get("patient_id"), "patient_id"), "patient_id") : id;
    List<Note> notes = new ArrayList<>();
    // the texts as read, which the evidence spans are checked against: a note whose text went to the note store's
    // file would otherwise be read back from it for each span
    List<String> texts = new ArrayList<>();
    JsonNode notesNode = at.requiredArray(node, "notes", "admission " + Ids.show(id));
    for (int i = 0; i < notesNode.size(); i++) {
      JsonNode noteNode = notesNode.get(i);
      String where = "notes[" + i + "]";
      at.object(noteNode, where, NOTE_FIELDS);
      String type = noteNode.hasNonNull("type") ? at.text(noteNode.get("type"), where + ".type") : DEFAULT_NOTE_TYPE;
      String text = at.requiredText(noteNode, "text", where);
      texts.add(text);
      notes.add(store.note(types.computeIfAbsent(type, t -> t), text));
    }
    GoldCodeSet codes = new GoldCodeSet();
    int duplicates = 0;
    JsonNode codesNode = at.requiredArray(node, "codes", "admission " + Ids.show(id));
    for (int i = 0; i < codesNode.size(); i++) {
      duplicates += codes.add(code(codesNode.get(i), "codes[" + i + "]", texts, at)) ? 0 : 1;
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    if (node.hasNonNull("metadata")) {
      JsonNode meta = node.get("metadata");
      if (!meta.isObject()) {
        throw at.bad("expected metadata to be an object of strings");
      }
      for (Map.Entry<String, JsonNode> entry : meta.properties()) {
        metadata.put(entry.getKey(), at.text(entry.getValue(), "metadata." + entry.getKey()));
      }
    }
    if (node.hasNonNull(Dataset.CREDENTIALED)) {
      if (!node.get(Dataset.CREDENTIALED).isBoolean()) {
        throw at.bad("expected credentialed to be true or false, got " + node.get(Dataset.CREDENTIALED));
      }
      if (node.get(Dataset.CREDENTIALED).booleanValue()) {
        metadata.put(Dataset.CREDENTIALED, "true");
      }
    }
    return new Parsed(new Admission(id, patientId, notes, codes.toList(), metadata), duplicates);
  }

  private GoldCode code(JsonNode node, String where, List<String> texts, Line at) {
    at.object(node, where, CODE_FIELDS);
    String systemText = at.requiredText(node, "system", where);
    CodeSystemId system;
    try {
      system = gold.system(systemText);
    } catch (IllegalArgumentException e) {
      throw at.bad(where + ".system: " + e.getMessage());
    }
    String raw = at.requiredText(node, "code", where);
    GoldCodes.Spelling spelling;
    try {
      spelling = gold.code(raw);
    } catch (CanonicalCodes.NotACode e) {
      throw at.bad(where + ".code: " + e.getMessage());
    }
    String code = spelling.code();
    if (code.isEmpty()) {
      throw at.bad("expected " + where + ".code to be a non-empty code");
    }
    Integer sequence = null;
    if (node.hasNonNull("sequence")) {
      JsonNode seq = node.get("sequence");
      if (!seq.canConvertToInt() || !seq.isIntegralNumber() || seq.intValue() < 1) {
        throw at.bad("expected " + where + ".sequence to be a positive integer, got " + seq);
      }
      sequence = seq.intValue();
    }
    boolean primary = false;
    if (node.hasNonNull("primary")) {
      if (!node.get("primary").isBoolean()) {
        throw at.bad("expected " + where + ".primary to be true or false, got " + node.get("primary"));
      }
      primary = node.get("primary").booleanValue();
    }
    List<EvidenceSpan> evidence = new ArrayList<>();
    if (node.hasNonNull("evidence")) {
      JsonNode spans = node.get("evidence");
      if (!spans.isArray()) {
        throw at.bad("expected " + where + ".evidence to be an array");
      }
      for (int i = 0; i < spans.size(); i++) {
        evidence.add(span(spans.get(i), where + ".evidence[" + i + "]", texts, at));
      }
    }
    // a spelling with surrounding white space keeps it, as written
    return spelling.raw().equals(raw) ? gold.gold(spelling, system, sequence, primary, evidence)
        : new GoldCode(code, raw, system, sequence, primary, evidence);
  }

  private EvidenceSpan span(JsonNode node, String where, List<String> texts, Line at) {
    at.object(node, where, SPAN_FIELDS);
    int note = at.requiredInt(node, "note", where);
    int start = at.requiredInt(node, "start", where);
    int end = at.requiredInt(node, "end", where);
    if (note < 0 || note >= texts.size()) {
      throw at.bad("expected " + where + ".note to index one of the " + texts.size() + " notes, got " + note);
    }
    String text = texts.get(note);
    if (start < 0 || end < start || end > text.length()) {
      throw at.bad("expected " + where + " to satisfy 0 <= start <= end <= " + text.length()
          + " (length of note " + note + "), got [" + start + ", " + end + ")");
    }
    String quoted = node.hasNonNull("text") ? at.text(node.get("text"), where + ".text") : text.substring(start, end);
    return new EvidenceSpan(note, start, end, quoted);
  }

  /** Error helpers bound to one input line. */
  private record Line(Path file, long number) {
    MedcodeException.BadInput bad(String problem) {
      return new MedcodeException.BadInput(file, number, problem);
    }

    void object(JsonNode node, String where, Set<String> allowed) {
      if (node == null || !node.isObject()) {
        throw bad("expected " + where + " to be a JSON object");
      }
      List<String> unknown = new ArrayList<>();
      node.fieldNames().forEachRemaining(name -> {
        if (!allowed.contains(name)) {
          unknown.add(name);
        }
      });
      if (!unknown.isEmpty()) {
        throw bad("unknown " + Plural.noun(unknown.size(), "field") + " " + unknown + " in " + where + "; expected only "
            + allowed.stream().sorted().toList());
      }
    }

    /** An id by the one rule of {@link Ids}: trimmed; empty or with a control character, an error. */
    String id(String raw, String field) {
      String id = Ids.clean(raw);
      if (id.isEmpty()) {
        throw bad("expected " + field + " to be non-empty");
      }
      String problem = Ids.problem(id);
      if (problem != null) {
        throw bad(field + ": " + problem);
      }
      return id;
    }

    String text(JsonNode node, String where) {
      if (!node.isTextual()) {
        throw bad("expected " + where + " to be a string, got " + node);
      }
      return node.textValue();
    }

    String requiredText(JsonNode node, String field, String where) {
      if (!node.hasNonNull(field)) {
        throw bad("expected field '" + field + "' in " + where);
      }
      String value = text(node.get(field), where + "." + field);
      if (value.isBlank() && !"text".equals(field)) {
        throw bad("expected " + where + "." + field + " to be non-empty");
      }
      return value;
    }

    JsonNode requiredArray(JsonNode node, String field, String where) {
      if (!node.hasNonNull(field) || !node.get(field).isArray()) {
        throw bad("expected field '" + field + "' (an array) in " + where);
      }
      return node.get(field);
    }

    int requiredInt(JsonNode node, String field, String where) {
      JsonNode value = node.get(field);
      if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
        throw bad("expected " + where + "." + field + " to be an integer, got " + value);
      }
      return value.intValue();
    }
  }
}

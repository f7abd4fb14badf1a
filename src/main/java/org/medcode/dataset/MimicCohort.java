package org.medcode.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.medcode.MedcodeException;

/**
 * The cohort options of a MIMIC dataset spec ({@code mimic-iv:DIR?icd=10&codes=diagnoses&icu=true&sample=1000&seed=42}):
 * which admissions and which of their codes and notes to load. Every option has a default that filters nothing;
 * {@link #query()} writes only the options that differ from it, in a fixed order, and {@link #parse} reads that back.
 *
 * @param icd ICD version of the gold codes kept (an admission without a kept code is left out)
 * @param codes diagnoses, procedures or both
 * @param icu true: only admissions with an ICU stay ({@code icu/icustays}); false: only those without; null: any
 * @param notes note types read (empty: no notes are read, admissions carry codes only)
 * @param notesDir folder of MIMIC-IV-Note ({@code note/} inside it, or the {@code note/} folder itself); null = the
 *     MIMIC-IV folder
 * @param minChars smallest total note length (characters, all notes of the admission), or null
 * @param maxChars largest total note length, or null
 * @param ids file of admission ids (hadm_id) to keep, or null
 * @param split with {@code ids}: keep only rows of this value of the file's {@code split} column, or null
 * @param sample keep a seeded sample of this many admissions (after every other filter), or null
 * @param seed seed of the sample
 * @param map {@link Mapping#ICD10} maps ICD-9 codes to ICD-10 through the CMS GEMs
 */
public record MimicCohort(IcdVersion icd, Codes codes, Boolean icu, List<NoteType> notes, Path notesDir, Integer minChars,
    Integer maxChars, Path ids, String split, Integer sample, long seed, Mapping map) {

  /** The option keys, in the order {@link #query()} writes them. */
  public static final List<String> KEYS = List.of("icd", "codes", "icu", "note", "notes", "min_chars", "max_chars", "ids",
      "split", "sample", "seed", "map");

  /** Which ICD version's codes to keep. */
  public enum IcdVersion { ICD9("9"), ICD10("10"), BOTH("both");
    private final String label;

    IcdVersion(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** Whether a MIMIC {@code icd_version} value (9 or 10) is kept. */
    public boolean keeps(int version) {
      return this == BOTH || (this == ICD9 ? version == 9 : version == 10);
    }
  }

  /** Which coding table(s) to read. */
  public enum Codes { DIAGNOSES, PROCEDURES, BOTH;
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public boolean diagnoses() {
      return this != PROCEDURES;
    }

    public boolean procedures() {
      return this != DIAGNOSES;
    }
  }

  /** A MIMIC note type: MIMIC-IV-Note's {@code discharge}/{@code radiology} files, MIMIC-III's NOTEEVENTS category. */
  public enum NoteType { DISCHARGE("discharge", "discharge summary", "Discharge summary"),
    RADIOLOGY("radiology", "radiology report", "Radiology");
    private final String label;
    private final String noteType;
    private final String mimic3Category;

    NoteType(String label, String noteType, String mimic3Category) {
      this.label = label;
      this.noteType = noteType;
      this.mimic3Category = mimic3Category;
    }

    public String label() {
      return label;
    }

    /** The {@link org.medcode.dataset.Note#type()} of such notes. */
    public String noteType() {
      return noteType;
    }

    /** The NOTEEVENTS {@code CATEGORY} value in MIMIC-III. */
    public String mimic3Category() {
      return mimic3Category;
    }
  }

  /** Whether codes are mapped to another version. */
  public enum Mapping { NONE, ICD10;
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public MimicCohort {
    notes = List.copyOf(notes);
    if (minChars != null && minChars < 0 || maxChars != null && maxChars < 0) {
      throw new IllegalArgumentException("min_chars and max_chars must not be negative");
    }
    if (minChars != null && maxChars != null && minChars > maxChars) {
      throw new IllegalArgumentException("min_chars (" + minChars + ") is larger than max_chars (" + maxChars + ")");
    }
    if (notes.isEmpty() && (minChars != null || maxChars != null || notesDir != null)) {
      throw new IllegalArgumentException("min_chars, max_chars and notes need notes; they cannot be used with note=none");
    }
    if (sample != null && sample < 1) {
      throw new IllegalArgumentException("sample must be a positive number of admissions, got " + sample);
    }
    if (split != null && ids == null) {
      throw new IllegalArgumentException("split selects rows of an ids file; give ids=FILE too");
    }
    if (icd == IcdVersion.ICD10 && map == Mapping.ICD10) { // ICD-9 codes are dropped before mapping: it would map none
      throw new IllegalArgumentException("icd=10 keeps ICD-10 codes only, so map=icd10 would map nothing; use icd=both&map=icd10"
          + " (every admission, its ICD-9 codes mapped) or icd=9&map=icd10 (the ICD-9 admissions mapped)");
    }
  }

  /** No filter: every admission with a code, both versions, diagnoses and procedures, discharge notes. */
  public static MimicCohort all() {
    return new MimicCohort(IcdVersion.BOTH, Codes.BOTH, null, List.of(NoteType.DISCHARGE), null, null, null, null, null, null, 0,
        Mapping.NONE);
  }

  /** Whether the cohort keeps only some admissions because of their notes (so notes must be measured first). */
  public boolean filtersOnNotes() {
    return minChars != null || maxChars != null;
  }

  /** The options that differ from {@link #all()}, e.g. {@code icd=10&icu=true&sample=1000&seed=42}; empty when none. */
  public String query() {
    Map<String, String> values = values();
    MimicCohort defaults = all();
    Map<String, String> standard = defaults.values();
    List<String> parts = new ArrayList<>();
    for (String key : KEYS) {
      String value = values.get(key);
      boolean always = key.equals("seed") && sample != null;
      if (value != null && (always || !value.equals(standard.get(key)))) {
        parts.add(key + "=" + value);
      }
    }
    return String.join("&", parts);
  }

  private Map<String, String> values() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("icd", icd.label());
    values.put("codes", codes.label());
    values.put("icu", icu == null ? null : icu.toString());
    values.put("note", notes.isEmpty() ? "none" : notes.stream().map(NoteType::label).collect(Collectors.joining(",")));
    values.put("notes", notesDir == null ? null : notesDir.toString());
    values.put("min_chars", minChars == null ? null : minChars.toString());
    values.put("max_chars", maxChars == null ? null : maxChars.toString());
    values.put("ids", ids == null ? null : ids.toString());
    values.put("split", split);
    values.put("sample", sample == null ? null : sample.toString());
    values.put("seed", Long.toString(seed));
    values.put("map", map.label());
    return values;
  }

  /** A copy with another ids file (and split), e.g. the file {@code cohort build} wrote. */
  public MimicCohort withIds(Path file, String splitValue) {
    return new MimicCohort(icd, codes, icu, notes, notesDir, minChars, maxChars, file, splitValue, sample, seed, map);
  }

  /** The same cohort with a relative notes folder and ids file read from {@code base}. */
  MimicCohort resolvedAgainst(Path base) {
    return new MimicCohort(icd, codes, icu, notes, DatasetSpec.against(base, notesDir), minChars, maxChars,
        DatasetSpec.against(base, ids), split, sample, seed, map);
  }

  /**
   * The same cohort named by its admission ids: the options that choose codes and notes (icd, codes, note, notes, map)
   * and icu (which also adds each admission's stays to its metadata) are kept, those that only choose admissions
   * (lengths, split, sample) are replaced by {@code ids}.
   */
  public MimicCohort reuse(Path idsFile) {
    // icu stays: the chosen admissions all have a stay, and with it they keep their stay metadata (icu_stays, unit)
    return new MimicCohort(icd, codes, icu, notes, notesDir, null, null, idsFile, null, null, 0, map);
  }

  /**
   * Parses the query part of a spec ({@code key=value&...}, keys case-insensitive). Problems are reported as
   * {@link MedcodeException}s by {@code bad} (which adds the spec and the accepted forms).
   */
  public static MimicCohort parse(Release release, String query, Function<String, MedcodeException> bad) {
    Map<String, String> given = SpecOptions.parse(query, KEYS, "option", bad);
    MimicCohort defaults = all();
    try {
      IcdVersion icd = given.containsKey("icd") ? choice(IcdVersion.values(), IcdVersion::label, given.get("icd"), "icd") : defaults.icd;
      Codes codes = given.containsKey("codes") ? choice(Codes.values(), Codes::label, given.get("codes"), "codes") : defaults.codes;
      Boolean icu = given.containsKey("icu") ? bool(given.get("icu"), "icu") : null;
      List<NoteType> notes = given.containsKey("note") ? noteTypes(given.get("note")) : defaults.notes;
      Path notesDir = given.containsKey("notes") ? path(given.get("notes"), "notes") : null;
      Integer minChars = given.containsKey("min_chars") ? number(given.get("min_chars"), "min_chars") : null;
      Integer maxChars = given.containsKey("max_chars") ? number(given.get("max_chars"), "max_chars") : null;
      Path ids = given.containsKey("ids") ? path(given.get("ids"), "ids") : null;
      String split = given.containsKey("split") ? nonEmpty(given.get("split"), "split") : null;
      Integer sample = given.containsKey("sample") ? number(given.get("sample"), "sample") : null;
      if (given.containsKey("seed") && sample == null) {
        throw new IllegalArgumentException("seed sets the sample; give sample=N too");
      }
      long seed = given.containsKey("seed") ? seed(given.get("seed")) : 0;
      Mapping map = given.containsKey("map") ? choice(Mapping.values(), Mapping::label, given.get("map"), "map") : defaults.map;
      if (release == Release.MIMIC_III) {
        if (icd == IcdVersion.ICD10) {
          throw new IllegalArgumentException("MIMIC-III is coded in ICD-9 only; icd=10 would keep nothing (use map=icd10 to map)");
        }
        if (notesDir != null) {
          throw new IllegalArgumentException("MIMIC-III keeps its notes in NOTEEVENTS next to the other tables; notes=DIR is for MIMIC-IV-Note");
        }
      }
      return new MimicCohort(icd, codes, icu, notes, notesDir, minChars, maxChars, ids, split, sample, seed, map);
    } catch (IllegalArgumentException e) {
      throw bad.apply(e.getMessage());
    }
  }

  private static <E> E choice(E[] values, Function<E, String> label, String value, String key) {
    for (E constant : values) {
      if (label.apply(constant).equalsIgnoreCase(value)) {
        return constant;
      }
    }
    throw new IllegalArgumentException(key + "=" + value + " is not one of "
        + Arrays.stream(values).map(label).collect(Collectors.joining(", ")));
  }

  private static boolean bool(String value, String key) {
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value.toLowerCase(Locale.ROOT));
    }
    throw new IllegalArgumentException(key + "=" + value + " is not true or false");
  }

  private static List<NoteType> noteTypes(String value) {
    if (value.equalsIgnoreCase("none")) {
      return List.of();
    }
    List<NoteType> types = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      NoteType type = choice(NoteType.values(), NoteType::label, part.trim(), "note");
      if (!types.contains(type)) {
        types.add(type);
      }
    }
    types.sort(null);
    return types;
  }

  private static Path path(String value, String key) {
    return Path.of(nonEmpty(value, key));
  }

  private static String nonEmpty(String value, String key) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException(key + "= needs a value");
    }
    return value;
  }

  private static int number(String value, String key) {
    try {
      int number = Integer.parseInt(value);
      if (number >= 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(key + "=" + value + " is not a whole number >= " + (key.equals("sample") ? 1 : 0));
  }

  private static long seed(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("seed=" + value + " is not a whole number");
    }
  }
}

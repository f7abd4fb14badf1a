package org.medcode.dataset.mimic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.medcode.Ids;
import org.medcode.Plural;
import org.medcode.codesystem.CanonicalCodes;
import org.medcode.codesystem.CodeSystem;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.Gems;
import org.medcode.dataset.Admission;
import org.medcode.dataset.GoldCode;
import org.medcode.dataset.Note;
import org.medcode.dataset.NoteStore;
import org.medcode.dataset.mimic.CohortSummary.CodeCount;
import org.medcode.dataset.mimic.CohortSummary.Distribution;
import org.medcode.dataset.mimic.CohortSummary.Step;
import org.medcode.dataset.mimic.Layout.Table;
import org.medcode.dataset.MimicCohort.IcdVersion;
import org.medcode.dataset.MimicCohort.Mapping;
import org.medcode.dataset.MimicCohort.NoteType;
import org.medcode.dataset.MimicCohort;
import org.medcode.dataset.Release;

/**
 * Reads a MIMIC-IV (with MIMIC-IV-Note) or MIMIC-III folder into admissions: one per {@code hadm_id} of the cohort,
 * with its notes of the chosen types and its ICD codes, joined on {@code hadm_id}.
 *
 * <p>Nothing is read whole. The cohort is decided first from the small tables (admissions, diagnoses, procedures, ICU
 * stays, the ids file); then, when the cohort depends on the notes (a note must exist, a length window, a sample), the
 * note file is streamed once keeping only the length and count of each candidate's notes; finally the note file is
 * streamed again keeping the texts of the chosen admissions only, and the coding and admission tables are read again
 * for them. Memory therefore grows with the cohort, not with the files.
 *
 * <p>Codes: {@code icd_code} is stored without dots; {@code icd_version} 9/10 gives ICD9CM/ICD10CM for diagnoses and
 * ICD9PCS/ICD10PCS for procedures (MIMIC-III: always version 9, column {@code ICD9_CODE}). The code is canonical
 * ({@link CodeSystem#canonical}), {@code seq_num} is the sequence and {@code seq_num} 1 the primary code; codes are
 * ordered diagnoses first, then by {@code seq_num}; a repeated (system, code) is kept once. With {@code map=icd10},
 * ICD-9 codes are replaced by their GEM targets ({@link Gems}); codes with no map or not in the GEMs are dropped, and
 * every kind is counted.
 *
 * <p>An instance serves one {@link #load} or {@link #cohort} call (it collects that call's steps and warnings).
 */
public final class MimicLoader {
  private static final int V9 = 1;
  private static final int V10 = 2;
  private static final int MAPPABLE = 4;
  private static final int LISTED = 10;

  /** Loaded admissions (ascending {@code hadm_id}), their code systems, warnings and the cohort summary. */
  public record Result(List<Admission> admissions, List<CodeSystemId> systems, List<String> warnings, CohortSummary summary) {}

  /** A cohort without note texts: the admission ids (ascending) and the summary. */
  public record Cohort(List<Long> ids, CohortSummary summary) {}

  /** A code row as read: {@code raw} as written (trimmed), {@code code} its canonical form; both shared per spelling. */
  private record RawCode(boolean procedure, long seq, long order, int version, String raw, String code) {}

  /** Where a note row goes among its admission's notes: by note kind, then time, sequence number and id. */
  private record NoteKey(int type, String time, long seq, String id) {
    static final Comparator<NoteKey> ORDER = Comparator.comparingInt(NoteKey::type).thenComparing(NoteKey::time)
        .thenComparingLong(NoteKey::seq).thenComparing(NoteKey::id);
  }

  private record NoteRow(NoteKey key, String text) {}

  /** A note kept for loading: its row's key, and the note (its text on the heap or in the note store). */
  private record KeptNote(NoteKey key, Note note) {}

  private record Info(String subject, Map<String, String> metadata) {}

  /** What a note scan delivers for each wanted note. */
  private interface NoteSink {
    void accept(long hadm, NoteRow note);
  }

  private final Layout layout;
  private final MimicCohort cohort;
  private final Path dataRoot;
  private final String spec;
  private final List<String> warnings = new ArrayList<>();
  private final List<Step> steps = new ArrayList<>();
  private final Map<String, Long> mapping = new LinkedHashMap<>();
  private final Map<Long, String> versions = new HashMap<>();
  private final CanonicalCodes canonical = new CanonicalCodes();
  private Gems gems;
  private boolean noteWarningsDone;
  /** Per admission the ICD versions of its codes ({@link #V9}, {@link #V10}), as {@link #select} read them. */
  private Map<Long, Integer> versionFlags = Map.of();

  /**
   * @param dir the MIMIC-IV release folder (with {@code hosp/}) or the MIMIC-III folder
   * @param dataRoot the public-data root, where the GEMs are found for {@code map=icd10}
   * @param spec the spec's canonical text, recorded in the summary
   */
  public MimicLoader(Release release, Path dir, MimicCohort cohort, Path dataRoot, String spec) {
    this.layout = new Layout(release, dir, cohort.notesDir());
    this.cohort = cohort;
    this.dataRoot = dataRoot;
    this.spec = spec;
  }

  /** Loads the cohort's admissions with their note texts and codes. */
  /**
   * What is wrong with {@code dir} as the folder of {@code release}, before anything is read (it does not exist, or it is
   * not such a folder: no {@code hosp/} for MIMIC-IV, no {@code ADMISSIONS} for MIMIC-III), with the right folder or
   * spec when it can be told; empty when it looks right. For a check ahead of a run, as {@code studies} lists what a
   * study needs.
   */
  public static java.util.Optional<String> folderProblem(Release release, Path dir) {
    try {
      new Layout(release, dir, null).checkFolder();
      return java.util.Optional.empty();
    } catch (MimicMissing e) {
      return java.util.Optional.of(e.getMessage());
    }
  }

  /**
   * As {@link #folderProblem}, and then the first table {@code cohort} reads that is not there (MIMIC-IV-Note's notes,
   * {@code icu/icustays} for {@code icu=}), with the message the load would stop on; empty when every one is there.
   */
  public static java.util.Optional<String> tablesProblem(Release release, Path dir, MimicCohort cohort) {
    return tablesProblem(release, dir, cohort, null);
  }

  /**
   * As {@link #tablesProblem(Release, Path, MimicCohort)}, and the dictionary a run's code table {@code dictionary: dataset}
   * reads for {@code system} ({@code d_icd_diagnoses}, {@code d_icd_procedures}); null: none.
   */
  public static java.util.Optional<String> tablesProblem(Release release, Path dir, MimicCohort cohort,
      org.medcode.codesystem.CodeSystemId system) {
    Layout layout = new Layout(release, dir, cohort.notesDir());
    List<Table> tables = new ArrayList<>(List.of(layout.admissions()));
    if (cohort.codes().diagnoses()) {
      tables.add(layout.diagnoses());
    }
    if (cohort.codes().procedures()) {
      tables.add(layout.procedures());
    }
    if (cohort.icu() != null) {
      tables.add(layout.icustays());
    }
    cohort.notes().forEach(type -> tables.add(layout.notes(type)));
    if (system != null) { // read once the data has loaded, as the run reads it
      switch (system) {
        case ICD10CM, ICD9CM -> tables.add(layout.dictionary(true));
        case ICD10PCS, ICD9PCS -> tables.add(layout.dictionary(false));
        default -> { } // MIMIC has no dictionary of it: the run says so
      }
    }
    try {
      layout.checkFolder();
      tables.forEach(layout::file);
      return java.util.Optional.empty();
    } catch (MimicMissing e) {
      return java.util.Optional.of(e.getMessage());
    }
  }

  public Result load() {
    boolean measure = !cohort.notes().isEmpty() && (cohort.sample() != null || cohort.filtersOnNotes());
    List<Long> ids = select(measure);
    Map<Long, List<KeptNote>> notes = new HashMap<>();
    if (!cohort.notes().isEmpty()) {
      Set<Long> wanted = new HashSet<>(ids);
      NoteStore store = NoteStore.forDataset();
      scanNotes(wanted, (hadm, row) -> notes.computeIfAbsent(hadm, k -> new ArrayList<>()).add(new KeptNote(row.key(),
          store.note(cohort.notes().get(row.key().type()).noteType(), row.text()))));
      if (!measure) {
        ids = ids.stream().filter(notes::containsKey).toList();
        steps.add(new Step("notes", "with a " + noteWords() + " note", ids.size()));
      }
    }
    warnMixed(ids);
    Map<Long, List<GoldCode>> codes = codes(ids);
    Map<Long, Info> infos = infos(ids);
    List<Admission> admissions = new ArrayList<>(ids.size());
    long[] chars = new long[ids.size()];
    long[] counts = new long[ids.size()];
    for (int i = 0; i < ids.size(); i++) {
      long id = ids.get(i);
      List<KeptNote> rows = notes.getOrDefault(id, new ArrayList<>());
      rows.sort(Comparator.comparing(KeptNote::key, NoteKey.ORDER));
      List<Note> admissionNotes = new ArrayList<>(rows.size());
      for (KeptNote row : rows) {
        admissionNotes.add(row.note());
        chars[i] += row.note().length();
      }
      counts[i] = rows.size();
      Info info = infos.get(id);
      admissions.add(new Admission(Long.toString(id), info.subject(), admissionNotes, codes.getOrDefault(id, List.of()),
          info.metadata()));
      notes.remove(id);
    }
    CohortSummary summary = summary(admissions.stream().map(Admission::codes).toList(), chars, counts, infos);
    warnings.add(0, "cohort: " + steps.stream().map(s -> String.format(Locale.ROOT, "%s %,d", s.name(), s.admissions()))
        .collect(Collectors.joining(" -> ")));
    EnumSet<CodeSystemId> systems = EnumSet.noneOf(CodeSystemId.class);
    admissions.forEach(a -> a.codes().forEach(c -> systems.add(c.system())));
    return new Result(admissions, List.copyOf(systems), List.copyOf(warnings), summary);
  }

  /** Decides the cohort and summarises it without keeping note texts ({@code medcode cohort build}). */
  public Cohort cohort() {
    Map<Long, long[]> lengths = new HashMap<>();
    List<Long> ids = select(!cohort.notes().isEmpty(), lengths);
    warnMixed(ids);
    Map<Long, List<GoldCode>> codes = codes(ids);
    Map<Long, Info> infos = infos(ids);
    long[] chars = new long[ids.size()];
    long[] counts = new long[ids.size()];
    List<List<GoldCode>> perAdmission = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      long[] length = lengths.getOrDefault(ids.get(i), new long[2]);
      chars[i] = length[0];
      counts[i] = length[1];
      perAdmission.add(codes.getOrDefault(ids.get(i), List.of()));
    }
    return new Cohort(ids, summary(perAdmission, chars, counts, infos));
  }

  private String noteWords() {
    return cohort.notes().stream().map(NoteType::label).collect(Collectors.joining(" or "));
  }

  private List<Long> select(boolean measure) {
    return select(measure, new HashMap<>());
  }

  /** Applies the filter steps in order and returns the cohort's ids, ascending; {@code lengths} gets chars and count. */
  private List<Long> select(boolean measure, Map<Long, long[]> lengths) {
    layout.checkFolder();
    Set<Long> admissions = admissionIds();
    steps.add(new Step("admissions", "in " + layout.admissions().stem(), admissions.size()));

    Map<Long, Integer> flags = new HashMap<>();
    if (cohort.codes().diagnoses()) {
      codeFlags(layout.diagnoses(), false, admissions, flags);
    }
    if (cohort.codes().procedures()) {
      codeFlags(layout.procedures(), true, admissions, flags);
    }
    String kind = switch (cohort.codes()) {
      case DIAGNOSES -> "a diagnosis code";
      case PROCEDURES -> "a procedure code";
      case BOTH -> "a diagnosis or procedure code";
    };
    List<Long> ids = admissions.stream().filter(flags::containsKey).sorted().toList();
    steps.add(new Step("coded", "with " + kind, ids.size()));
    if (cohort.icd() != IcdVersion.BOTH) {
      int bit = cohort.icd() == IcdVersion.ICD9 ? V9 : V10;
      ids = keep(ids, id -> (flags.get(id) & bit) != 0, "icd", "with an ICD-" + cohort.icd().label() + " code");
    }
    if (cohort.map() == Mapping.ICD10) {
      // the codes left: mapped ICD-9 ones, and ICD-10 ones only when icd keeps them (V10 also marks dropped rows)
      int left = cohort.icd() == IcdVersion.ICD9 ? MAPPABLE : V10 | MAPPABLE;
      ids = keep(ids, id -> (flags.get(id) & left) != 0, "mapped", "with a code left after mapping ICD-9 to ICD-10");
    }
    if (cohort.ids() != null) {
      IdsFile.Ids listed = IdsFile.read(cohort.ids(), cohort.split());
      Set<Long> wanted = listed.ids();
      String describe = cohort.ids() + (cohort.split() != null ? " (split " + cohort.split() + ")" : "");
      ids = keep(ids, wanted::contains, "ids", "listed in " + describe);
      if (listed.repeated() > 0) {
        warnings.add(Plural.of(listed.repeated(), "repeated id") + " in " + describe + " counted once");
      }
      Set<Long> kept = new HashSet<>(ids);
      TreeSet<Long> absent = new TreeSet<>();
      long filtered = 0;
      for (long id : wanted) {
        if (!admissions.contains(id)) {
          absent.add(id);
        } else if (!kept.contains(id)) {
          filtered++;
        }
      }
      if (!absent.isEmpty()) {
        warnings.add(absent.size() + " of " + Plural.of(wanted.size(), "id") + " in " + describe + " "
            + (absent.size() == 1 ? "is not an admission of " : "are not admissions of ") + layout.admissions().stem()
            + ": " + listed(absent));
      }
      if (filtered > 0) {
        warnings.add(filtered + " of " + Plural.of(wanted.size(), "id") + " in " + describe + " "
            + Plural.verb(filtered, "were") + " removed by the code filters (see the cohort steps)");
      }
    }
    if (cohort.icu() != null) {
      Set<Long> icu = icuIds(new HashSet<>(ids));
      boolean with = cohort.icu();
      ids = keep(ids, id -> icu.contains(id) == with, "icu", (with ? "with" : "without") + " an ICU stay in " + layout.icustays().stem());
    }
    if (measure) {
      Set<Long> wanted = new HashSet<>(ids);
      scanNotes(wanted, (hadm, note) -> {
        long[] length = lengths.computeIfAbsent(hadm, k -> new long[2]);
        length[0] += note.text().length();
        length[1]++;
      });
      ids = keep(ids, lengths::containsKey, "notes", "with a " + noteWords() + " note");
      if (cohort.filtersOnNotes()) {
        long min = cohort.minChars() == null ? 0 : cohort.minChars();
        long max = cohort.maxChars() == null ? Long.MAX_VALUE : cohort.maxChars();
        ids = keep(ids, id -> lengths.get(id)[0] >= min && lengths.get(id)[0] <= max, "note length",
            "with " + (cohort.maxChars() == null ? "at least " + min : min + " to " + max) + " note characters");
      }
    }
    if (cohort.sample() != null) {
      if (ids.size() < cohort.sample()) {
        warnings.add("sample=" + cohort.sample() + " but only " + Plural.of(ids.size(), "admission") + " "
            + Plural.verb(ids.size(), "are") + " left; all are kept");
      }
      ids = Sampler.sample(ids, cohort.sample(), cohort.seed());
      steps.add(new Step("sample", "a seeded sample of " + cohort.sample() + " (seed " + cohort.seed() + ")", ids.size()));
    }
    versionFlags = flags;
    lengths.keySet().retainAll(new HashSet<>(ids));
    return ids;
  }

  /** Counts, among the cohort's final admissions (after a notes step {@link #load} applies last), the mixed ones. */
  private void warnMixed(List<Long> ids) {
    if (cohort.icd() != IcdVersion.BOTH) { // counted in the cohort, not among admissions later steps leave out
      long mixed = ids.stream().filter(id -> (versionFlags.get(id) & (V9 | V10)) == (V9 | V10)).count();
      if (mixed > 0) {
        warnings.add(Plural.of(mixed, "admission") + " " + Plural.verb(mixed, "have") + " both ICD-9 and ICD-10 codes; only "
            + (mixed == 1 ? "its" : "their") + " ICD-" + cohort.icd().label()
            + " codes are kept");
      }
    }
  }

  private List<Long> keep(List<Long> ids, Predicate<Long> test, String name, String keeps) {
    List<Long> kept = ids.stream().filter(test).toList();
    steps.add(new Step(name, keeps, kept.size()));
    return kept;
  }

  private static String listed(TreeSet<Long> ids) {
    List<String> shown = ids.stream().limit(LISTED).map(String::valueOf).toList();
    return String.join(", ", shown) + (ids.size() > LISTED ? " and " + (ids.size() - LISTED) + " more" : "");
  }

  private Set<Long> admissionIds() {
    Table table = layout.admissions();
    Set<Long> ids = new HashSet<>();
    try (CsvTable rows = CsvTable.open(layout.file(table), table.describe(), table.required())) {
      int hadm = rows.column("hadm_id");
      while (rows.next()) {
        ids.add(required(rows, hadm, "hadm_id"));
      }
    }
    return ids;
  }

  /** The code of the current row as written and canonical; one with a control character in it is refused. */
  private CanonicalCodes.Code code(CsvTable rows, int column) {
    try {
      return canonical.of(rows.get(column));
    } catch (CanonicalCodes.NotACode e) {
      throw rows.bad(e.getMessage());
    }
  }

  private static long required(CsvTable rows, int column, String name) {
    long value = rows.number(column, name, Long.MIN_VALUE);
    if (value == Long.MIN_VALUE) {
      throw rows.bad("expected a " + name + ", found an empty field");
    }
    return value;
  }

  /** Marks each admission with the versions of its codes of one table (and whether an ICD-9 code maps forward). */
  private void codeFlags(Table table, boolean procedures, Set<Long> admissions, Map<Long, Integer> flags) {
    long orphans = 0;
    long empty = 0;
    try (CsvTable rows = CsvTable.open(layout.file(table), table.describe(), table.required())) {
      int hadm = rows.column("hadm_id");
      int code = rows.column(layout.codeColumn());
      int version = rows.column("icd_version");
      while (rows.next()) {
        long id = required(rows, hadm, "hadm_id");
        String canonical = code(rows, code).code();
        if (canonical.isEmpty()) {
          empty++;
          continue;
        }
        if (!admissions.contains(id)) {
          orphans++;
          continue;
        }
        int icdVersion = version(rows, version);
        if (!cohort.icd().keeps(icdVersion)) {
          flags.merge(id, icdVersion == 9 ? V9 : V10, (a, b) -> a | b);
          continue;
        }
        int bits = icdVersion == 9 ? V9 : V10;
        if (icdVersion == 9 && cohort.map() == Mapping.ICD10
            && mapped(canonical, procedures).map(m -> !m.targets().isEmpty()).orElse(false)) {
          bits |= MAPPABLE;
        }
        flags.merge(id, bits, (a, b) -> a | b);
      }
    }
    if (orphans > 0) {
      warnings.add(Plural.of(orphans, "row") + " of " + table.stem() + " " + Plural.verb(orphans, "belong")
          + " to no admission of " + layout.admissions().stem() + "; ignored");
    }
    if (empty > 0) {
      warnings.add(Plural.of(empty, "row") + " of " + table.stem() + " " + Plural.verb(empty, "have") + " an empty "
          + layout.codeColumn() + "; ignored");
    }
  }

  private int version(CsvTable rows, int column) {
    if (layout.mimic3()) {
      return 9;
    }
    String value = rows.get(column).strip();
    if (value.equals("9") || value.equals("10")) {
      return Integer.parseInt(value);
    }
    throw rows.bad("expected icd_version 9 or 10, got " + Ids.show(value));
  }

  /** The GEM mapping of an ICD-9 code; empty when the GEMs do not list it. */
  private Optional<Gems.Mapping> mapped(String icd9, boolean procedure) {
    if (gems == null) {
      gems = Gems.load(dataRoot);
    }
    return procedure ? gems.procedure(icd9) : gems.diagnosis(icd9);
  }

  private Set<Long> icuIds(Set<Long> candidates) {
    Table table = layout.icustays();
    Set<Long> ids = new HashSet<>();
    try (CsvTable rows = CsvTable.open(layout.file(table), table.describe(), table.required())) {
      int hadm = rows.column("hadm_id");
      while (rows.next()) {
        long id = rows.number(hadm, "hadm_id", Long.MIN_VALUE);
        if (candidates.contains(id)) {
          ids.add(id);
        }
      }
    }
    return ids;
  }

  /** Streams the note file(s), handing each note of a wanted admission to the sink. */
  private void scanNotes(Set<Long> wanted, NoteSink sink) {
    long withoutAdmission = 0;
    long errors = 0;
    List<NoteType> types = cohort.notes();
    if (layout.mimic3()) {
      Table table = layout.notes(NoteType.DISCHARGE);
      try (CsvTable rows = CsvTable.open(layout.file(table), table.describe(), table.required())) {
        int hadm = rows.column("hadm_id");
        int category = rows.column("category");
        int iserror = rows.column("iserror");
        int date = rows.column("chartdate");
        int rowId = rows.column("row_id");
        int text = rows.column("text");
        while (rows.next()) {
          int type = typeOf(rows.get(category).strip(), types);
          if (type < 0) {
            continue;
          }
          long id = rows.number(hadm, "HADM_ID", Long.MIN_VALUE);
          if (id == Long.MIN_VALUE) {
            withoutAdmission++;
          } else if (rows.get(iserror).strip().equals("1")) {
            errors++;
          } else if (wanted.contains(id)) {
            String row = rows.get(rowId).strip();
            sink.accept(id, new NoteRow(new NoteKey(type, rows.get(date), rows.number(rowId, "ROW_ID", 0), row),
                rows.get(text)));
          }
        }
      }
    } else {
      for (int type = 0; type < types.size(); type++) {
        Table table = layout.notes(types.get(type));
        try (CsvTable rows = CsvTable.open(layout.file(table), table.describe(), table.required())) {
          int hadm = rows.column("hadm_id");
          int noteId = rows.column("note_id");
          int seq = rows.column("note_seq");
          int time = rows.column("charttime");
          int text = rows.column("text");
          while (rows.next()) {
            long id = rows.number(hadm, "hadm_id", Long.MIN_VALUE);
            if (id == Long.MIN_VALUE) {
              withoutAdmission++;
            } else if (wanted.contains(id)) {
              sink.accept(id, new NoteRow(new NoteKey(type, rows.get(time), rows.number(seq, "note_seq", 0),
                  rows.get(noteId)), rows.get(text)));
            }
          }
        }
      }
    }
    if (!noteWarningsDone) {
      noteWarningsDone = true;
      if (withoutAdmission > 0) {
        warnings.add(withoutAdmission + " " + noteWords() + " " + Plural.noun(withoutAdmission, "note") + " "
            + Plural.verb(withoutAdmission, "have") + " no hadm_id and " + Plural.verb(withoutAdmission, "belong")
            + " to no admission; ignored");
      }
      if (errors > 0) {
        warnings.add(Plural.of(errors, "note") + " marked ISERROR=1 " + Plural.verb(errors, "were") + " left out");
      }
    }
  }

  private static int typeOf(String category, List<NoteType> types) {
    for (int i = 0; i < types.size(); i++) {
      if (types.get(i).mimic3Category().equalsIgnoreCase(category)) {
        return i;
      }
    }
    return -1;
  }

  /** The gold codes of the chosen admissions: read again, sorted, mapped when asked, de-duplicated. */
  private Map<Long, List<GoldCode>> codes(List<Long> ids) {
    Set<Long> wanted = new HashSet<>(ids);
    Map<Long, List<RawCode>> raw = new HashMap<>();
    if (cohort.codes().diagnoses()) {
      rawCodes(layout.diagnoses(), false, wanted, raw);
    }
    if (cohort.codes().procedures()) {
      rawCodes(layout.procedures(), true, wanted, raw);
    }
    if (cohort.map() == Mapping.ICD10) {
      for (String kind : List.of("exact", "approximate", "combination", "no map", "not in GEMs", "codes produced", "with alternatives")) {
        mapping.put(kind, 0L);
      }
    }
    Map<Long, List<GoldCode>> codes = new HashMap<>();
    long repeated = 0;
    for (Map.Entry<Long, List<RawCode>> entry : raw.entrySet()) {
      List<RawCode> list = entry.getValue();
      boolean nine = list.stream().anyMatch(c -> c.version() == 9);
      boolean ten = list.stream().anyMatch(c -> c.version() == 10);
      versions.put(entry.getKey(), nine && ten ? "9+10" : nine ? "9" : "10");
      list.sort(Comparator.comparing(RawCode::procedure).thenComparingLong(RawCode::seq).thenComparingLong(RawCode::order));
      Map<String, GoldCode> unique = new LinkedHashMap<>();
      for (RawCode code : list) {
        for (GoldCode gold : gold(code)) {
          if (unique.putIfAbsent(gold.system() + " " + gold.code(), gold) != null) {
            repeated++;
          }
        }
      }
      codes.put(entry.getKey(), List.copyOf(unique.values()));
    }
    if (repeated > 0) {
      warnings.add(repeated + " repeated (system, code) pairs within an admission" + (cohort.map() == Mapping.ICD10 ? " (after mapping)" : "")
          + " kept once");
    }
    if (cohort.map() == Mapping.ICD10) {
      warnings.add("map=icd10: ICD-9 code occurrences by GEM kind: " + mapping.entrySet().stream()
          .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue())).collect(Collectors.joining(", "))
          + "; no map and not in GEMs are dropped; with several candidates the first in code order is used (see Gems)");
    }
    return codes;
  }

  private void rawCodes(Table table, boolean procedures, Set<Long> wanted, Map<Long, List<RawCode>> raw) {
    try (CsvTable rows = CsvTable.open(layout.file(table), table.describe(), table.required())) {
      int hadm = rows.column("hadm_id");
      int seq = rows.column("seq_num");
      int code = rows.column(layout.codeColumn());
      int version = rows.column("icd_version");
      long order = 0;
      while (rows.next()) {
        long id = required(rows, hadm, "hadm_id");
        if (!wanted.contains(id)) {
          continue;
        }
        CanonicalCodes.Code read = code(rows, code);
        String text = read.raw().strip();
        int icdVersion = version(rows, version);
        // as codeFlags decides: a code with nothing left once canonical (".") is an empty one, counted there and ignored
        if (read.code().isEmpty() || !cohort.icd().keeps(icdVersion)) {
          continue;
        }
        long seqNum = rows.number(seq, "seq_num", Long.MAX_VALUE);
        // the reader's shared strings, not one copy per row (a whole MIMIC split has millions of code rows)
        String canonicalCode = text == read.raw() ? read.code() : CodeSystem.canonical(text);
        raw.computeIfAbsent(id, k -> new ArrayList<>())
            .add(new RawCode(procedures, seqNum, order++, icdVersion, text, canonicalCode));
      }
    }
  }

  private List<GoldCode> gold(RawCode code) {
    String canonical = code.code();
    Integer sequence = code.seq() == Long.MAX_VALUE ? null : (int) Math.min(Integer.MAX_VALUE, code.seq());
    boolean primary = sequence != null && sequence == 1;
    if (code.version() == 10 || cohort.map() == Mapping.NONE) {
      CodeSystemId system = code.procedure() ? (code.version() == 10 ? CodeSystemId.ICD10PCS : CodeSystemId.ICD9PCS)
          : (code.version() == 10 ? CodeSystemId.ICD10CM : CodeSystemId.ICD9CM);
      return List.of(new GoldCode(canonical, code.raw(), system, sequence, primary, List.of()));
    }
    Optional<Gems.Mapping> found = mapped(canonical, code.procedure());
    if (found.isEmpty()) {
      mapping.merge("not in GEMs", 1L, Long::sum);
      return List.of();
    }
    Gems.Mapping mapped = found.get();
    mapping.merge(mapped.kind().label(), 1L, Long::sum);
    mapping.merge("codes produced", (long) mapped.targets().size(), Long::sum);
    if (mapped.alternatives() > 0) {
      mapping.merge("with alternatives", 1L, Long::sum);
    }
    CodeSystemId system = code.procedure() ? CodeSystemId.ICD10PCS : CodeSystemId.ICD10CM;
    List<GoldCode> targets = new ArrayList<>();
    for (String target : mapped.targets()) {
      String targetCode = CodeSystem.canonical(target);
      targets.add(new GoldCode(targetCode, targetCode, system, sequence, primary, List.of()));
    }
    return targets;
  }

  /** Subject id and metadata of the chosen admissions (admissions table, ICU stays when icu=true). */
  private Map<Long, Info> infos(List<Long> ids) {
    Set<Long> wanted = new HashSet<>(ids);
    Map<Long, Info> infos = new HashMap<>();
    Table table = layout.admissions();
    List<String> columns = List.of("admission_type", "admission_location", "discharge_location", "insurance", "hospital_expire_flag");
    try (CsvTable rows = CsvTable.open(layout.file(table), table.describe(), table.required())) {
      int hadm = rows.column("hadm_id");
      int subject = rows.column("subject_id");
      while (rows.next()) {
        long id = rows.number(hadm, "hadm_id", Long.MIN_VALUE);
        if (!wanted.contains(id)) {
          continue;
        }
        Info earlier = infos.get(id);
        if (earlier != null) { // a row repeated is read once; one naming another patient would group it by either
          if (!earlier.subject().equals(rows.get(subject).strip())) {
            throw rows.bad("admission (hadm_id) " + id + " has subject_id '" + rows.get(subject).strip() + "' but an"
                + " earlier row gave '" + earlier.subject() + "'; expected one patient per admission (is the table"
                + " two copies joined?)");
          }
          continue;
        }
        Map<String, String> metadata = new TreeMap<>();
        metadata.put("source", layout.release().prefix());
        if (versions.containsKey(id)) {
          metadata.put("icd_version", versions.get(id));
        }
        if (cohort.map() == Mapping.ICD10 && !"10".equals(versions.get(id))) {
          metadata.put("mapped", "icd9 to icd10 (GEMs)");
        }
        for (String column : columns) {
          int index = rows.column(column);
          if (index >= 0 && !rows.get(index).isBlank()) {
            metadata.put(column, rows.get(index).strip());
          }
        }
        infos.put(id, new Info(rows.get(subject).strip(), metadata));
      }
    }
    if (Boolean.TRUE.equals(cohort.icu())) {
      Table stays = layout.icustays();
      Map<Long, String[]> first = new HashMap<>();
      Map<Long, Integer> count = new HashMap<>();
      try (CsvTable rows = CsvTable.open(layout.file(stays), stays.describe(), stays.required())) {
        int hadm = rows.column("hadm_id");
        int intime = rows.column("intime");
        int unit = rows.column("first_careunit");
        while (rows.next()) {
          long id = rows.number(hadm, "hadm_id", Long.MIN_VALUE);
          if (wanted.contains(id)) {
            count.merge(id, 1, Integer::sum);
            String[] stay = {rows.get(intime), rows.get(unit)};
            first.merge(id, stay, (a, b) -> a[0].compareTo(b[0]) <= 0 ? a : b);
          }
        }
      }
      count.forEach((id, n) -> {
        Map<String, String> metadata = infos.get(id).metadata();
        metadata.put("icu_stays", n.toString());
        if (!first.get(id)[1].isBlank()) {
          metadata.put("first_careunit", first.get(id)[1].strip());
        }
      });
    }
    return infos;
  }

  private CohortSummary summary(List<List<GoldCode>> codes, long[] chars, long[] notes, Map<Long, Info> infos) {
    long[] perAdmission = codes.stream().mapToLong(List::size).toArray();
    Map<String, Long> occurrences = new TreeMap<>();
    Map<String, Set<String>> distinct = new TreeMap<>();
    for (List<GoldCode> list : codes) {
      for (GoldCode code : list) {
        occurrences.merge(code.system().label(), 1L, Long::sum);
        distinct.computeIfAbsent(code.system().label(), k -> new HashSet<>()).add(code.code());
      }
    }
    Map<String, CodeCount> counts = new TreeMap<>();
    occurrences.forEach((system, n) -> counts.put(system, new CodeCount(n, distinct.get(system).size())));
    Map<String, Long> byVersion = new TreeMap<>();
    infos.values().forEach(info -> byVersion.merge(info.metadata().getOrDefault("icd_version", "none"), 1L, Long::sum));
    boolean withNotes = !cohort.notes().isEmpty();
    return new CohortSummary(spec, steps, withNotes ? Distribution.of(chars) : null, withNotes ? Distribution.of(notes) : null,
        Distribution.of(perAdmission), counts, byVersion, mapping, warnings);
  }
}

package org.medcode.report.table;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.medcode.MedcodeException;
import org.medcode.codesystem.Granularity;
import org.medcode.report.MarkdownText;
import org.medcode.report.ReportFiles;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.selection.Selection;

/**
 * Many runs' numbers as one Tablesaw table: the long table (a row per run, coder, level, averaging and metric), filtered
 * with {@code KEY=VALUE} conditions, or pivoted (rows by one or more columns, a column per value of another, the cells
 * one metric's values); written as CSV, Markdown, JSON or Excel and shown on the console. A pivot refuses to mix what
 * must not be mixed: runs scored with different invalid-code policies or populations, and two numbers for one cell.
 */
public final class Leaderboard {
  /** The long table's columns, in order (the names {@code --rows}, {@code --cols} and {@code --where} take). */
  public static final List<String> COLUMNS = List.of("run", "date", "dataset", "split", "code_table", "coder", "model",
      "prompt_hash", "level", "averaging", "metric", "value", "ci_low", "ci_high", "invalid_policy", "population",
      "status");
  private static final List<String> TEXT = COLUMNS.stream().filter(c -> !List.of("value", "ci_low", "ci_high").contains(c))
      .toList();

  private final Table table;

  private Leaderboard(Table table) {
    this.table = table;
  }

  /** The long table of the rows, in their order. */
  public static Leaderboard of(List<RunRow> rows) {
    Table table = Table.create("medcode");
    for (String name : COLUMNS) {
      table.addColumns(TEXT.contains(name) ? StringColumn.create(name) : DoubleColumn.create(name));
    }
    for (RunRow r : rows) {
      Row row = table.appendRow();
      row.setString("run", r.run());
      row.setString("date", r.date());
      row.setString("dataset", r.dataset());
      row.setString("split", r.split());
      row.setString("code_table", r.codeTable());
      row.setString("coder", r.coder());
      row.setString("model", r.model());
      row.setString("prompt_hash", r.promptHash());
      row.setString("level", r.level());
      row.setString("averaging", r.averaging());
      row.setString("metric", r.metric());
      row.setDouble("value", r.value());
      setOrMissing(row, "ci_low", r.ciLow());
      setOrMissing(row, "ci_high", r.ciHigh());
      row.setString("invalid_policy", r.invalidPolicy());
      row.setString("population", r.population());
      row.setString("status", r.status());
    }
    return new Leaderboard(table);
  }

  private static void setOrMissing(Row row, String column, double value) {
    if (Double.isNaN(value)) {
      row.setMissing(column);
    } else {
      row.setDouble(column, value);
    }
  }

  public int rows() {
    return table.rowCount();
  }

  /** How many runs (distinct {@code run} values) the rows are of. */
  public int runs() {
    return table.stringColumn("run").countUnique();
  }

  /** The runs (their {@code run} values) that have an interval among the rows. */
  public Set<String> runsWithIntervals() {
    return new HashSet<>(table.where(table.doubleColumn("ci_low").isNotMissing()).stringColumn("run").asList());
  }

  /** Only the rows whose text column equals the value, for each {@code column=value} condition. */
  public Leaderboard where(List<String> conditions) {
    Table result = table;
    for (String condition : conditions) {
      int equals = condition.indexOf('=');
      if (equals <= 0) {
        throw new MedcodeException("--where " + condition + ": write COLUMN=VALUE, e.g. --where dataset=codiesp:dev:en:D");
      }
      String column = column(condition.substring(0, equals).trim(), "--where");
      String value = condition.substring(equals + 1).trim();
      Selection selection;
      if (TEXT.contains(column)) {
        selection = result.stringColumn(column).isEqualTo(value);
      } else {
        double number;
        try {
          number = Double.parseDouble(value);
        } catch (NumberFormatException e) {
          throw new MedcodeException("--where " + condition + ": " + column + " is a number column; give a number, e.g."
              + " --where " + column + "=0.5");
        }
        selection = result.doubleColumn(column).isEqualTo(number);
      }
      result = result.where(selection);
    }
    return new Leaderboard(result);
  }

  private static String column(String name, String option) {
    String normalised = name.toLowerCase(Locale.ROOT).replace('-', '_');
    String alias = switch (normalised) {
      case "granularity" -> "level";
      case "table" -> "code_table";
      case "policy" -> "invalid_policy";
      default -> normalised;
    };
    if (!COLUMNS.contains(alias)) {
      throw new MedcodeException(option + " " + name + ": not a column; the columns are " + String.join(", ", COLUMNS));
    }
    return alias;
  }

  /**
   * A pivot: a row per distinct value of {@code rows} (joined), a column per value of {@code cols} (named by it unless
   * the name is taken: {@link #columnNames}), cells {@code value}
   * ({@code table}; {@code bounds} has each value column's interval as {@code <column>_ci_low} and
   * {@code <column>_ci_high}, missing where the run has no interval, which a file puts after its value);
   * every cell one metric of one averaging, scored with one invalid-code policy and population; {@code statuses} says
   * per row whether any of its cells is the number of a coder whose run is incomplete (the shown cells say which);
   * {@code level} is the one level of every cell when the pivot has levels neither as rows nor as columns
   * ({@code --where level=chapter}), else null (the rows or columns name each cell's).
   */
  public record Pivot(String colColumn, String metric, String averaging, String invalidPolicy, String population,
      String level, Said said, Table table, Table bounds, Table intervals, List<String> statuses) {}

  /**
   * The dataset and code table of every cell of a pivot, each null when the pivot shows it as rows or columns (a pivot
   * that does not show one has one value of it: mixing is refused).
   */
  public record Said(String dataset, String codeTable) {
    /** The columns a pivot's file adds first, with their value: those of the two the pivot does not show. */
    Map<String, String> columns() {
      Map<String, String> columns = new LinkedHashMap<>();
      if (dataset != null) {
        columns.put("dataset", dataset);
      }
      if (codeTable != null) {
        columns.put("code_table", codeTable);
      }
      return columns;
    }
  }

  /** The column a pivot's file adds to every row: {@code incomplete} when a cell of it is an incomplete coder's. */
  static final String STATUS = "status";

  /** The suffixes of the columns of a value column's interval in a pivot's file: {@code exact_ci_low}, … */
  static final String CI_LOW = "_ci_low";
  static final String CI_HIGH = "_ci_high";

  /** The columns a pivot's file adds to every row, saying what produced its numbers. */
  static final List<String> PIVOT_SAYS = List.of("metric", "averaging", "invalid_policy", "population");

  /** The column a pivot's file adds before {@link #PIVOT_SAYS} when its cells are all of one level it does not show. */
  static final String LEVEL = "level";

  /** The status of a coder whose run stopped before it coded every admission (the long table's status column). */
  static final String INCOMPLETE = "incomplete";

  /**
   * Pivots one metric of one averaging: rows by the {@code rows} columns, a column per value of {@code cols}. Refuses
   * runs with different invalid-code policies or populations, and two numbers for one cell (name the column that tells
   * them apart in {@code rows}, or filter with {@code --where}).
   */
  public Pivot pivot(List<String> rows, String cols, String metric, String averaging) {
    List<String> rowColumns = rows.stream().map(r -> column(r, "--rows")).toList();
    String colColumn = column(cols, "--cols");
    Table selected = table.where(table.stringColumn("metric").isEqualTo(metric)
        .and(table.stringColumn("averaging").isEqualTo(averaging)));
    if (selected.isEmpty()) {
      List<String> elsewhere = new ArrayList<>(new LinkedHashSet<>(table.where(table.stringColumn("metric")
          .isEqualTo(metric)).stringColumn("averaging").asList()));
      if (!elsewhere.isEmpty()) {
        throw new MedcodeException("no " + averaging + " " + metric + " in these runs; " + metric + " is averaged "
            + String.join(", ", elsewhere) + ": add --averaging " + elsewhere.get(0));
      }
      throw new MedcodeException("no " + averaging + " " + metric + " in these runs" + (table.isEmpty() ? ""
          : "; metrics here: " + String.join(", ", new LinkedHashSet<>(table.stringColumn("metric").asList()))
              + "; averagings: " + String.join(", ", new LinkedHashSet<>(table.stringColumn("averaging").asList()))));
    }
    refuseMixed(selected, "invalid_policy", "invalid-code policies", "invalid_policy=count");
    refuseMixed(selected, "population", "populations", "population=all");
    // numbers of other datasets or code tables may share a pivot only when it shows which is which
    for (String shown : List.of("dataset", "code_table")) {
      if (!rowColumns.contains(shown) && !colColumn.equals(shown)
          && new LinkedHashSet<>(selected.stringColumn(shown).asList()).size() > 1) {
        Table groups = selected.summarize("run", tech.tablesaw.aggregate.AggregateFunctions.countUnique).by(shown);
        List<String> values = new ArrayList<>(groups.stringColumn(shown).asList());
        throw new MedcodeException("these runs scored different " + (shown.equals("dataset") ? "datasets" : "code tables")
            + " (" + String.join("; ", values) + "), which one pivot would mix without saying: show it with --rows "
            + String.join(",", rowColumns) + "," + shown + " (or --cols " + shown + "), or choose one with --where "
            + shown + "=" + values.get(0));
      }
    }
    Map<String, Map<String, double[]>> cells = new LinkedHashMap<>();
    Map<String, Integer> firstRow = new HashMap<>();
    Set<String> columns = new LinkedHashSet<>();
    Set<String> incomplete = new HashSet<>();
    for (Row row : selected) {
      String rowKey = String.join(" / ", rowColumns.stream().map(row::getString).toList());
      String colKey = row.getString(colColumn);
      columns.add(colKey);
      if (INCOMPLETE.equals(row.getString("status"))) {
        incomplete.add(rowKey + "\u0000" + colKey);
      }
      double[] previous = cells.computeIfAbsent(rowKey, k -> new LinkedHashMap<>()).put(colKey,
          new double[] {row.getDouble("value"), row.getDouble("ci_low"), row.getDouble("ci_high")});
      Integer earlier = firstRow.putIfAbsent(rowKey + "\u0000" + colKey, row.getRowNumber());
      if (previous != null) {
        // name the columns in which the two rows differ: the advice that actually separates them
        Row other = selected.row(earlier);
        List<String> differ = new ArrayList<>();
        for (String name : TEXT) {
          if (selected.containsColumn(name) && !other.getString(name).equals(row.getString(name))) {
            differ.add(name + " (" + other.getString(name) + ", " + row.getString(name) + ")");
          }
        }
        String column = differ.isEmpty() ? null : differ.get(0).substring(0, differ.get(0).indexOf(' '));
        throw new MedcodeException("two numbers for " + String.join(" / ", rowColumns) + " = " + rowKey + " and " + colColumn
            + " = " + colKey + (differ.isEmpty() ? "" : ": they differ in " + String.join("; ", differ) + "; add "
                + column + " to --rows, or choose one with --where " + column + "=" + other.getString(column)));
      }
    }
    Table pivot = Table.create(metric + " (" + averaging + ")");
    Table bounds = Table.create("bounds");
    Table intervals = Table.create("intervals");
    StringColumn first = StringColumn.create(String.join(" / ", rowColumns), new ArrayList<>(cells.keySet()));
    pivot.addColumns(first);
    intervals.addColumns(first.copy());
    // a pivot without levels as rows or columns has one level (two would be two numbers for a cell, refused above)
    String level = rowColumns.contains(LEVEL) || colColumn.equals(LEVEL) ? null
        : selected.stringColumn(LEVEL).get(0);
    Said said = new Said(unshown(selected, "dataset", rowColumns, colColumn),
        unshown(selected, "code_table", rowColumns, colColumn));
    Set<String> added = new HashSet<>(said.columns().keySet());
    if (level != null) {
      added.add(LEVEL);
    }
    if (colColumn.equals(LEVEL)) {
      // the levels in their order, not in the order the runs first give them: a run of ICD-9-CM procedures, which has
      // no block level, put block after chapter for every run after it
      List<String> levels = new ArrayList<>(columns);
      levels.sort(java.util.Comparator.comparingInt(Leaderboard::levelOrder));
      columns.clear();
      columns.addAll(levels);
    }
    Map<String, String> names = columnNames(first.name(), colColumn, columns, added);
    for (String column : columns) {
      String name = names.get(column);
      DoubleColumn values = DoubleColumn.create(name);
      DoubleColumn lows = DoubleColumn.create(name + CI_LOW);
      DoubleColumn highs = DoubleColumn.create(name + CI_HIGH);
      StringColumn shown = StringColumn.create(name);
      for (Map.Entry<String, Map<String, double[]>> row : cells.entrySet()) {
        double[] cell = row.getValue().get(column);
        if (cell == null) {
          values.appendMissing();
          lows.appendMissing();
          highs.appendMissing();
          shown.append("");
        } else {
          values.append(cell[0]);
          lows.append(cell[1]);
          highs.append(cell[2]);
          // a number of a coder that stopped early says so; "-" (not measured at all) says enough
          boolean partial = !Double.isNaN(cell[0]) && incomplete.contains(row.getKey() + "\u0000" + column);
          shown.append(cell(cell) + (partial ? " " + INCOMPLETE : ""));
        }
      }
      pivot.addColumns(values);
      bounds.addColumns(lows, highs);
      intervals.addColumns(shown);
    }
    List<String> statuses = cells.keySet().stream().map(row -> columns.stream()
        .anyMatch(column -> incomplete.contains(row + "\u0000" + column)) ? INCOMPLETE : "complete").toList();
    return new Pivot(colColumn, metric, averaging, selected.stringColumn("invalid_policy").get(0),
        selected.stringColumn("population").get(0), level, said, pivot, bounds, intervals, statuses);
  }

  /** A level's place among the granularities (exact, category, block, chapter); another value after them. */
  private static int levelOrder(String level) {
    for (Granularity granularity : Granularity.values()) {
      if (granularity.label().equals(level)) {
        return granularity.ordinal();
      }
    }
    return Granularity.values().length;
  }

  /**
   * The name of each value column (by its value of {@code colColumn}), unique among every column of the pivot's file:
   * its value, unless that, or one of its interval's names ({@code _ci_low}, {@code _ci_high}), is the row label's, a
   * column the file adds ({@link #PIVOT_SAYS}, {@link #STATUS}), or the interval's of another value ({@code rules_ci_low}
   * beside {@code rules}); then {@code colColumn=value} ({@code coder=status}), with {@code _2}, {@code _3}, … if that is
   * taken too. {@link #LEVEL}, {@code dataset} and {@code code_table} are taken too when the file adds them
   * ({@code added}).
   */
  static Map<String, String> columnNames(String rowLabel, String colColumn, Set<String> values, Set<String> added) {
    Set<String> taken = new HashSet<>(PIVOT_SAYS);
    taken.addAll(added);
    taken.add(STATUS);
    taken.add(rowLabel);
    Map<String, String> names = new LinkedHashMap<>();
    for (String value : values) {
      boolean another = (value.endsWith(CI_LOW) && values.contains(value.substring(0, value.length() - CI_LOW.length())))
          || (value.endsWith(CI_HIGH) && values.contains(value.substring(0, value.length() - CI_HIGH.length())));
      if (!another && !clashes(value, taken)) {
        names.put(value, value);
      }
    }
    names.values().forEach(name -> taken.addAll(List.of(name, name + CI_LOW, name + CI_HIGH)));
    for (String value : values) {
      if (!names.containsKey(value)) {
        String name = colColumn + "=" + value;
        for (int n = 2; clashes(name, taken); n++) {
          name = colColumn + "=" + value + "_" + n;
        }
        taken.addAll(List.of(name, name + CI_LOW, name + CI_HIGH));
        names.put(value, name);
      }
    }
    return names;
  }

  private static boolean clashes(String name, Set<String> taken) {
    return taken.contains(name) || taken.contains(name + CI_LOW) || taken.contains(name + CI_HIGH);
  }

  private static void refuseMixed(Table selected, String column, String what, String example) {
    Table groups = selected.summarize("run", tech.tablesaw.aggregate.AggregateFunctions.countUnique).by(column);
    if (groups.rowCount() > 1) {
      List<String> parts = new ArrayList<>();
      for (Row group : groups) {
        String value = group.getString(column);
        Set<String> runs = new LinkedHashSet<>(selected.where(selected.stringColumn(column).isEqualTo(value))
            .stringColumn("run").asList());
        parts.add(value + ": " + String.join(", ", runs));
      }
      throw new MedcodeException("these runs were scored with different " + what + " (" + String.join("; ", parts)
          + "), whose numbers do not compare: pivot one at a time, e.g. --where " + example);
    }
  }

  /** The one value of {@code column} in a pivot's cells, or null when the pivot shows it as rows or columns. */
  private static String unshown(Table selected, String column, List<String> rowColumns, String colColumn) {
    return rowColumns.contains(column) || colColumn.equals(column) ? null : selected.stringColumn(column).get(0);
  }

  /** A value with its interval; "-" for a number the run did not compute (e.g. a coder that was not measured). */
  private static String cell(double[] cell) {
    if (Double.isNaN(cell[0])) {
      return "-";
    }
    String value = String.format(Locale.ROOT, "%.3f", cell[0]);
    return Double.isNaN(cell[1]) ? value : value + String.format(Locale.ROOT, " [%.3f, %.3f]", cell[1], cell[2]);
  }

  /** Writes the long table in a format. */
  public void write(Path file, TableFormat format) {
    write(table, table, file, format);
  }

  /**
   * Writes a pivot (its values, each with its interval's columns; Markdown shows the intervals in its cells) in a
   * format, saying what produced its numbers: every row ends with the dataset and code table (those the rows and
   * columns do not show), the level (when one, not shown), the metric, averaging, invalid-code policy and population
   * (Markdown: a line above the table).
   */
  public static void write(Pivot pivot, Path file, TableFormat format) {
    write(pivot, file, format, null);
  }

  /**
   * As {@link #write(Pivot, Path, TableFormat)}, a Markdown caption also naming the intervals' {@code confidence} level
   * (null: not said, e.g. no cell has an interval).
   */
  public static void write(Pivot pivot, Path file, TableFormat format, Double confidence) {
    Table values = withBounds(pivot);
    // the data of every cell, which the rows and columns do not name
    pivot.said().columns().forEach((name, text) ->
        values.addColumns(StringColumn.create(name, java.util.Collections.nCopies(values.rowCount(), text))));
    if (pivot.level() != null) { // cells all of one level the rows and columns do not name (--where level=chapter)
      values.addColumns(StringColumn.create(LEVEL, java.util.Collections.nCopies(values.rowCount(), pivot.level())));
    }
    for (String name : PIVOT_SAYS) {
      if (values.column(0).name().equals(name)) {
        continue; // the rows are labelled by it (--rows averaging): it is said already
      }
      String text = switch (name) {
        case "metric" -> pivot.metric();
        case "averaging" -> pivot.averaging();
        case "invalid_policy" -> pivot.invalidPolicy();
        default -> pivot.population();
      };
      values.addColumns(StringColumn.create(name, java.util.Collections.nCopies(values.rowCount(), text)));
    }
    if (!values.column(0).name().equals(STATUS)) { // else the rows are labelled by it (--rows status)
      values.addColumns(StringColumn.create(STATUS, pivot.statuses()));
    }
    write(values, pivot.intervals(), file, format, heading(pivot) + "; " + scored(pivot, confidence));
  }

  /** A pivot's values, each column followed by its interval's (their names are unique: {@link #columnNames}). */
  private static Table withBounds(Pivot pivot) {
    Table values = pivot.table();
    Table file = Table.create(values.name());
    file.addColumns(values.column(0).copy());
    for (int c = 1; c < values.columnCount(); c++) {
      String name = values.column(c).name();
      file.addColumns(values.column(c).copy(), pivot.bounds().column(name + CI_LOW).copy(),
          pivot.bounds().column(name + CI_HIGH).copy());
    }
    return file;
  }

  private static void write(Table table, Table shown, Path file, TableFormat format) {
    write(table, shown, file, format, null);
  }

  /**
   * Writes beside the file, then renames over it: a kill or a full disk leaves the file as it was (or absent), never
   * cut short.
   */
  private static void write(Table table, Table shown, Path file, TableFormat format, String caption) {
    Path target = file.toAbsolutePath();
    try {
      Files.createDirectories(target.getParent());
      ReportFiles.replace(target, temp -> {
        switch (format) {
          case CSV -> csv(table, temp);
          case MARKDOWN -> Files.writeString(temp, caption == null ? markdown(shown, shown.columnCount())
              : MarkdownText.escape(caption) + "\n\n" + markdown(shown, 1)); // a pivot: labels, then its numbers
          case JSON -> Files.writeString(temp, json(table));
          case XLSX -> xlsx(table, temp);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + " (it is as it was before)", e);
    }
  }

  /**
   * A Markdown table (GFM): the header and the cells of the first {@code textColumns} columns escaped as user text
   * ({@link MarkdownText#escape}: run names, coder ids, config values); the cells after them are numbers the pivot
   * formatted ({@code 0.120 [0.107, 0.132]}), written as they are.
   */
  static String markdown(Table table, int textColumns) {
    StringBuilder out = new StringBuilder("|");
    StringBuilder rule = new StringBuilder("|");
    for (Column<?> column : table.columns()) {
      out.append(' ').append(MarkdownText.escape(column.name())).append(" |");
      rule.append(column instanceof DoubleColumn ? "---:|" : "---|");
    }
    out.append('\n').append(rule).append('\n');
    for (int r = 0; r < table.rowCount(); r++) {
      out.append('|');
      for (int c = 0; c < table.columnCount(); c++) {
        String text = text(table.column(c), r);
        out.append(' ').append(c < textColumns ? MarkdownText.escape(text) : text).append(" |");
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** RFC 4180 CSV with numbers as plain decimals that read back exactly (as every CSV of medcode); empty = missing. */
  private static void csv(Table table, Path file) throws IOException {
    try (org.apache.commons.csv.CSVPrinter out = new org.apache.commons.csv.CSVPrinter(
        Files.newBufferedWriter(file, java.nio.charset.StandardCharsets.UTF_8), org.apache.commons.csv.CSVFormat.RFC4180)) {
      out.printRecord(table.columnNames());
      for (int r = 0; r < table.rowCount(); r++) {
        List<String> row = new ArrayList<>();
        for (Column<?> column : table.columns()) {
          row.add(text(column, r));
        }
        out.printRecord(row);
      }
    }
  }

  /** An .xlsx sheet: numbers as number cells, missing numbers as blank cells (Tablesaw's writer made them #NUM!). */
  private static void xlsx(Table table, Path file) throws IOException {
    try (org.apache.poi.xssf.usermodel.XSSFWorkbook book = new org.apache.poi.xssf.usermodel.XSSFWorkbook();
         java.io.OutputStream out = Files.newOutputStream(file)) {
      org.apache.poi.ss.usermodel.Sheet sheet = book.createSheet(
          org.apache.poi.ss.util.WorkbookUtil.createSafeSheetName(table.name() == null ? "table" : table.name()));
      org.apache.poi.ss.usermodel.Row header = sheet.createRow(0);
      for (int c = 0; c < table.columnCount(); c++) {
        header.createCell(c).setCellValue(table.column(c).name());
      }
      for (int r = 0; r < table.rowCount(); r++) {
        org.apache.poi.ss.usermodel.Row row = sheet.createRow(r + 1);
        for (int c = 0; c < table.columnCount(); c++) {
          Column<?> column = table.column(c);
          if (column.isMissing(r)) {
            continue; // a blank cell
          }
          if (column instanceof DoubleColumn d) {
            row.createCell(c).setCellValue(d.getDouble(r));
          } else {
            row.createCell(c).setCellValue(column.getString(r));
          }
        }
      }
      book.write(out);
    }
  }

  private static String text(Column<?> column, int row) {
    if (column.isMissing(row)) {
      return "";
    }
    return column instanceof DoubleColumn d ? exact(d.getDouble(row)) : column.getString(row);
  }

  private static String exact(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** A JSON array with an object per row; missing cells are null. */
  static String json(Table table) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ArrayNode rows = mapper.createArrayNode();
    for (int r = 0; r < table.rowCount(); r++) {
      ObjectNode node = rows.addObject();
      for (Column<?> column : table.columns()) {
        if (column.isMissing(r)) {
          node.putNull(column.name());
        } else if (column instanceof DoubleColumn d) {
          node.put(column.name(), d.getDouble(r));
        } else {
          node.put(column.name(), column.getString(r));
        }
      }
    }
    try {
      return mapper.writeValueAsString(rows) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What every cell of the pivot was scored with: the intervals' level, invalid-code policy, population, data. */
  private static String scored(Pivot pivot, Double confidence) {
    return (confidence == null ? "" : org.medcode.eval.EvalOptions.percent(confidence) + "% intervals; ")
        + "invalid codes: " + pivot.invalidPolicy() + "; population: " + pivot.population()
        + (pivot.said().dataset() == null ? "" : "; dataset: " + pivot.said().dataset())
        + (pivot.said().codeTable() == null ? "" : "; code table: " + pivot.said().codeTable());
  }

  /** The pivot as the console shows it: values with their intervals, aligned columns. */
  public static String console(Pivot pivot) {
    return console(pivot, null);
  }

  /**
   * As {@link #console(Pivot)}, under its heading a line saying what the cells were scored with, the intervals'
   * {@code confidence} level first (null: not said), as the Markdown caption does.
   */
  public static String console(Pivot pivot, Double confidence) {
    Table shown = pivot.intervals();
    int[] widths = new int[shown.columnCount()];
    for (int c = 0; c < shown.columnCount(); c++) {
      Column<?> column = shown.column(c);
      widths[c] = column.name().length();
      for (int r = 0; r < shown.rowCount(); r++) {
        widths[c] = Math.max(widths[c], column.getString(r).length());
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(heading(pivot)).append('\n');
    out.append("scored with ").append(scored(pivot, confidence)).append('\n');
    line(out, shown, -1, widths);
    for (int r = 0; r < shown.rowCount(); r++) {
      line(out, shown, r, widths);
    }
    return out.toString();
  }

  /** What the cells are: {@code micro f1 by level}; {@code micro f1 at the chapter level by coder} for one level. */
  private static String heading(Pivot pivot) {
    return pivot.averaging() + " " + pivot.metric() + (pivot.level() == null ? "" : " at the " + pivot.level() + " level")
        + " by " + pivot.colColumn();
  }

  private static void line(StringBuilder out, Table table, int row, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < table.columnCount(); c++) {
      String text = row < 0 ? table.column(c).name() : table.column(c).getString(row);
      line.append(String.format(Locale.ROOT, "%-" + (widths[c] + 2) + "s", text));
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}

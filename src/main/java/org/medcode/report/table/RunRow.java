package org.medcode.report.table;

/**
 * One number of one coder of one run, as {@code medcode table} gathers them: the run (folder name, start date,
 * dataset, split, code table), the coder (id, model, prompt hash), the metric (level, averaging, name), its value and
 * interval (NaN when none), and how it was scored (invalid-code policy, population).
 */
public record RunRow(String run, String date, String dataset, String split, String codeTable, String coder, String model,
    String promptHash, String level, String averaging, String metric, double value, double ciLow, double ciHigh,
    String invalidPolicy, String population, String status) {}

package org.medcode.study;

import java.util.List;

/**
 * A published study to reproduce: {@code name} (its file name), {@code title}, {@code citation} (authors, title,
 * venue, year), {@code source} (table or page, and how the figures reached this file), {@code model} and
 * {@code population} (what and how many were coded, as published), {@code codeTableNote} (why the config uses its code
 * table), what a user {@code needs} to run it, and the {@code figures} to report.
 */
public record Study(String name, String title, String citation, String source, String model, String population,
    String codeTableNote, List<Need> needs, List<Figure> figures) {
  public Study {
    needs = List.copyOf(needs);
    figures = List.copyOf(figures);
  }

  /** What a user needs to run the study. */
  public enum NeedKind {
    /** Credentialed patient data (e.g. MIMIC-IV from PhysioNet), named by an environment variable. */
    CREDENTIALED_DATA("credentialed data"),
    /** An API key in an environment variable. */
    API_KEY("API key"),
    /** A table of the user's own (e.g. a licensed CPT table), named by an environment variable. */
    OWN_TABLE("own table"),
    /** Public data medcode pulls itself. */
    PUBLIC_DATA("public data"),
    /** A model server the user runs. */
    MODEL_SERVER("model server");

    private final String label;

    NeedKind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** One need: its kind, what it is in words, and the environment variable that names it (or null). */
  public record Need(NeedKind kind, String what, String env) {}

  /**
   * One figure to report: {@code metric} (see {@link FigureId}), a human {@code label}, the {@code published} value or
   * range (null: this run's value only), and a {@code note} (e.g. how a published value was derived).
   */
  public record Figure(String metric, String label, Published published, String note) {
    public Figure {
      FigureId.parse(metric); // validated when the study is read
    }
  }
}

package org.medcode.coder;

/**
 * Tells the person running medcode what is happening while it happens: a long step starting, a warning, each coder's
 * progress over the admissions. Coders get one in their {@link CoderContext} instead of writing to the console; the
 * command line prints it, tests pass {@link #SILENT}. Never part of the result files. Coders call it from worker
 * threads, so implementations are thread-safe.
 */
public interface RunListener {
  /** Shows nothing. */
  RunListener SILENT = new RunListener() {
    @Override
    public void note(String message) {}

    @Override
    public void warning(String message) {}
  };

  /** A step that takes a while is starting (e.g. building a cache), said in one line. */
  void note(String message);

  /** Something the user should know that does not stop the work (e.g. a model trained with another table version). */
  void warning(String message);

  /**
   * Live progress of one coder over {@code total} admissions, {@code alreadyDone} of them coded in earlier sessions of
   * the same run folder.
   */
  default Progress progress(String coder, int total, int alreadyDone) {
    return Progress.NONE;
  }

  /** One coder's live progress: a step after each admission it answered or failed, then finish. */
  interface Progress {
    /** Shows nothing. */
    Progress NONE = new Progress() {
      @Override
      public void step(boolean failed, double cost) {}

      @Override
      public void finish(double cost) {}
    };

    /** One more admission done; {@code cost} is what the coder has spent so far in the run folder. */
    void step(boolean failed, double cost);

    /** The coder stopped (all done, budget reached or interrupted); {@code cost} as in {@link #step}. */
    void finish(double cost);
  }
}

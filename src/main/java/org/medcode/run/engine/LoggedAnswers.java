package org.medcode.run.engine;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.medcode.coder.CoderResult;
import org.medcode.coder.CodingSession;

/**
 * What the coders of one run folder answered, read from their {@code predictions.jsonl} ({@link CodingSession.Answered}):
 * a coder that combines others (an ensemble) takes its members' answers from here instead of asking them again, which a
 * member without a cache would send, and be paid for, a second time. Each coder's log is read once, when first asked,
 * keeping the codes and scores of its answered admissions (a failure is no answer) and whether it is metered (any line
 * with a usage); a coder never reads its own.
 */
final class LoggedAnswers implements CodingSession.Answered {
  private final Path runFolder;
  private final String self;
  private final Map<String, Logged> byCoder = new ConcurrentHashMap<>();

  /** One coder's log: its answers by admission id, and whether any line of it (a failure too) has a usage. */
  private record Logged(Map<String, CoderResult> answers, boolean metered) {}

  LoggedAnswers(Path runFolder, String self) {
    this.runFolder = runFolder;
    this.self = self;
  }

  @Override
  public Optional<CoderResult> answer(String coderId, String admissionId) {
    if (coderId.equals(self)) { // asked for a member: a coder of this run, whose log is <run>/<id>/predictions.jsonl
      return Optional.empty();
    }
    return Optional.ofNullable(byCoder.computeIfAbsent(coderId, this::read).answers().get(admissionId));
  }

  @Override
  public boolean metered(String coderId) {
    return !coderId.equals(self) && byCoder.computeIfAbsent(coderId, this::read).metered();
  }

  private Logged read(String coderId) {
    Map<String, CoderResult> answers = new HashMap<>();
    boolean metered = false;
    for (Map.Entry<String, PredictionLog.Entry> line : PredictionLog.read(
        runFolder.resolve(coderId).resolve("predictions.jsonl"), PredictionLog.Kept.SCORES).entrySet()) {
      PredictionLog.Entry entry = line.getValue();
      metered |= entry.usage() != null;
      if (!entry.failed()) {
        answers.put(line.getKey(), new CoderResult(entry.codes(), entry.usage() == null ? null : CoderResult.Usage.NONE,
            Map.of()));
      }
    }
    return new Logged(answers, metered);
  }
}

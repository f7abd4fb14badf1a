package org.medcode.coder;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a coder learns when the run is about to ask it for admissions ({@link Coder#prepare}): its own folder in the run
 * folder (where state that must survive a killed run lives, e.g. the batches it submitted) and what it may still spend
 * in this run folder ({@code budget}; infinite when the run has no cost budget), whether the run codes failed
 * admissions again ({@code --retry-failed}), the run's budget for more than an admission reserved ({@code room}), and
 * the {@link CoderResult.Usage#receipts receipts} the run folder's log already records ({@code receipts}: what they paid
 * for is counted, and is charged to no admission again), and what the run's other coders answered in the run folder
 * ({@code answered}: a coder that combines others reads their answers there instead of asking, and paying, again), and
 * the usage of the lines the coder's log holds before this session ({@code logged}, totalled; {@link
 * CoderResult.Usage#NONE} when none is metered): what the run's cost already counts, estimates included, so that the
 * coder's facts can describe the whole run; {@code claims}: the receipts charged in this session, shared by every coder
 * prepared with it (new for each session when null).
 */
public record CodingSession(Path folder, double budget, boolean retryFailed, Room room, Set<String> receipts,
    Answered answered, CoderResult.Usage logged, Claims claims) {
  public CodingSession {
    receipts = Set.copyOf(receipts);
    logged = logged == null ? CoderResult.Usage.NONE : logged;
    claims = claims == null ? new Claims() : claims;
  }

  public CodingSession(Path folder, double budget, boolean retryFailed, Room room, Set<String> receipts,
      Answered answered, CoderResult.Usage logged) {
    this(folder, budget, retryFailed, room, receipts, answered, logged, null);
  }

  public CodingSession(Path folder, double budget, boolean retryFailed, Room room, Set<String> receipts,
      Answered answered) {
    this(folder, budget, retryFailed, room, receipts, answered, CoderResult.Usage.NONE);
  }

  public CodingSession(Path folder, double budget, boolean retryFailed, Room room, Set<String> receipts) {
    this(folder, budget, retryFailed, room, receipts, Answered.NONE);
  }

  public CodingSession(Path folder, double budget, boolean retryFailed) {
    this(folder, budget, retryFailed, Room.UNLIMITED, Set.of());
  }

  /**
   * What the run's other coders answered in this run folder, as their logs record it: an admission's codes (canonical,
   * in rank order) when the coder with that id answered it, empty when it did not (failed, not coded yet, or not a
   * coder of the run). Its usage is {@link CoderResult.Usage#NONE} for a metered coder (what it paid is on its own
   * lines: taking its answer costs nothing more) and null for one that is not. Read once per coder, when first asked.
   */
  @FunctionalInterface
  public interface Answered {
    Answered NONE = (coder, admission) -> Optional.empty();

    Optional<CoderResult> answer(String coderId, String admissionId);

    /**
     * Whether the coder with that id is metered, as its log shows (a line of it, answer or failure, has a usage): asking
     * it for an admission it did not answer may pay for requests that no line of its own would count. False when its log
     * shows none (no line, or not a coder of the run).
     */
    default boolean metered(String coderId) {
      return false;
    }
  }

  /**
   * The run's budget asked, during {@link Coder#code} and on its thread, for room beyond the worst case the admission
   * reserved ({@link Coder#worstCaseCost}): e.g. another attempt after one whose outcome is unknown (a timeout), counted
   * at its worst case, spent the reservation. True when it fits beside what was spent and what the admissions in flight
   * may still spend (waiting for them as an admission starting does); the room is the admission's until it is recorded.
   * Asked on another thread (one of the coder's own), it is refused with an {@link IllegalStateException}.
   */
  @FunctionalInterface
  public interface Room {
    Room UNLIMITED = amount -> true;

    boolean reserve(double amount) throws InterruptedException;

    /**
     * Sets aside, in {@link Coder#prepare}, the most coding an admission may cost once preparing it committed money (a
     * batch request submitted for it): no other admission's coding may use that room, and the admission's own
     * reservation takes it. Does nothing in a run without a budget.
     */
    default void pledge(String admissionId, double amount) {}
  }

  /**
   * The receipts ({@link CoderResult.Usage#receipts}) charged to an admission in a session, shared by every coder
   * prepared with it: an ensemble prepares its members with its own session, so a payment two members meet (identical
   * members' request answered by one batch or one cached answer, or an attempt of a killed session under the request's
   * key) is charged by the first that claims it, and by no other.
   */
  public static final class Claims {
    private final Set<String> claimed = ConcurrentHashMap.newKeySet();

    /** True the first time {@code receipt} is claimed in the session: the claimant charges it; false after. */
    public boolean claim(String receipt) {
      return claimed.add(receipt);
    }
  }
}

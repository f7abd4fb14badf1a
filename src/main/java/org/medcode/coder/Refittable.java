package org.medcode.coder;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.medcode.dataset.Admission;

/**
 * The capability of a coder that can be created again on other training admissions, with its own factory, parameters,
 * table and seed: what an ensemble needs to cross-fit it (each fold's copy learns without the fold it codes, so the
 * ensemble learns from answers the member gave to admissions it never trained on). Coders that learn from the training
 * split return themselves wrapped by {@link #wrap}.
 */
public interface Refittable extends Coder {

  /** What the coder is apart from its training admissions (its factory name and parameters), for cache keys. */
  String identity();

  /** The same coder created again, learning from {@code training} instead of the run's training split. */
  Coder refit(List<Admission> training) throws Exception;

  /** {@code coder}, able to be created again by {@code factory} with the same context (but other training) and parameters. */
  static Refittable wrap(Coder coder, CoderFactory factory, CoderContext context, Map<String, String> parameters) {
    String identity = factory.name() + " " + new TreeMap<>(parameters);
    return new Refittable() {
      @Override
      public CoderResult code(Admission admission) throws Exception {
        return coder.code(admission);
      }

      @Override
      public boolean threadSafe() {
        return coder.threadSafe();
      }

      @Override
      public int concurrency() {
        return coder.concurrency();
      }

      @Override
      public String identity() {
        return identity;
      }

      @Override
      public Coder refit(List<Admission> training) throws Exception {
        return factory.create(context.withTraining(training), parameters);
      }
    };
  }
}

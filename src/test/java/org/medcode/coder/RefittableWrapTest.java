package org.medcode.coder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.medcode.dataset.Admission;

/**
 * {@link Refittable#wrap} forwarded only code, threadSafe, concurrency, worstCaseCost and release: a wrapped coder that
 * holds resources (a plug-in's worker process) was never opened nor closed, and never told its dataset, folder or
 * session, nor asked for its facts. Every method of {@link Coder} is now forwarded.
 */
class RefittableWrapTest {

  /** Records every call the run makes on it, by method name. */
  private static final class Counting implements Coder {
    final List<String> calls = new ArrayList<>();

    @Override
    public CoderResult code(Admission admission) {
      calls.add("code");
      return CoderResult.empty();
    }

    @Override
    public boolean threadSafe() {
      calls.add("threadSafe");
      return false;
    }

    @Override
    public int concurrency() {
      calls.add("concurrency");
      return 3;
    }

    @Override
    public void dataset(List<Admission> admissions) {
      calls.add("dataset");
    }

    @Override
    public void folder(Path folder) {
      calls.add("folder");
    }

    @Override
    public void open(List<Admission> pending) {
      calls.add("open");
    }

    @Override
    public List<Admission> prepare(List<Admission> pending, CodingSession session) {
      calls.add("prepare");
      return List.of();
    }

    @Override
    public double[] commitments(List<Admission> pending, CodingSession session) {
      calls.add("commitments");
      return new double[] {0.25};
    }

    @Override
    public double worstCaseCost(Admission admission) {
      calls.add("worstCaseCost");
      return 0.5;
    }

    @Override
    public void release(Admission admission) {
      calls.add("release");
    }

    @Override
    public Map<String, String> facts() {
      calls.add("facts");
      return Map.of("worker", "pid 42");
    }

    @Override
    public void close() {
      calls.add("close");
    }
  }

  private static Refittable wrapped(Counting coder) {
    return Refittable.wrap(coder, new org.medcode.coder.baseline.FrequencyCoderFactory(), null, Map.of());
  }

  @Test
  void aWrappedCoderIsOpenedToldItsSessionAskedForItsFactsAndClosed() throws Exception {
    Counting coder = new Counting();
    Refittable wrapper = wrapped(coder);
    Admission admission = new Admission("A1", "P1", List.of(), List.of(), Map.of());
    CodingSession session = new CodingSession(null, Double.POSITIVE_INFINITY, false);
    wrapper.dataset(List.of(admission));
    wrapper.folder(Path.of("run/coder"));
    wrapper.open(List.of(admission));
    assertEquals(List.of(), wrapper.prepare(List.of(admission), session));
    assertArrayEquals(new double[] {0.25}, wrapper.commitments(List.of(admission), session));
    assertEquals(0.5, wrapper.worstCaseCost(admission));
    wrapper.code(admission);
    wrapper.release(admission);
    assertEquals(false, wrapper.threadSafe());
    assertEquals(3, wrapper.concurrency());
    assertEquals(Map.of("worker", "pid 42"), wrapper.facts());
    wrapper.close();
    assertEquals(List.of("dataset", "folder", "open", "prepare", "commitments", "worstCaseCost", "code", "release",
        "threadSafe", "concurrency", "facts", "close"), coder.calls);
  }

  /** A method added to {@link Coder} later is forwarded too, or this fails. */
  @Test
  void theWrapperOverridesEveryMethodOfCoder() {
    Class<?> wrapper = wrapped(new Counting()).getClass();
    for (Method method : Coder.class.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      Method implemented;
      try {
        implemented = wrapper.getMethod(method.getName(), method.getParameterTypes());
      } catch (NoSuchMethodException e) {
        throw new AssertionError(e);
      }
      assertTrue(!implemented.isDefault() && implemented.getDeclaringClass() == wrapper,
          "Refittable.wrap does not forward Coder." + method.getName());
    }
  }
}

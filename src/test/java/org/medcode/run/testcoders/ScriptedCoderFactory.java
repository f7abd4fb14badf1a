package org.medcode.run.testcoders;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.medcode.coder.CodeSuggestion;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderException;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameter;
import org.medcode.coder.CoderResult;
import org.medcode.dataset.GoldCode;

/**
 * A test-only coder found through {@link java.util.ServiceLoader} (as a third-party jar's would be): it answers each
 * admission's first gold code plus a wrong one, deterministically, after {@code millis} ms, and fails with kind
 * "scripted" on every {@code failEvery}-th admission (by id number; 0 = never).
 */
public final class ScriptedCoderFactory implements CoderFactory {
  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public boolean readsNotes() {
    return false; // its codes follow from the admission id
  }

  @Override
  public String description() {
    return "test coder: first gold code plus a wrong one, with optional delay and failures";
  }

  @Override
  public List<CoderParameter> parameters() {
    return List.of(new CoderParameter("millis", "delay per admission", "0", CoderParameter.Type.INTEGER),
        new CoderParameter("failEvery", "fail on admissions whose number is a multiple of this (0 = never)", "0",
            CoderParameter.Type.INTEGER),
        new CoderParameter("cost", "cost reported per admission", "0", CoderParameter.Type.DECIMAL));
  }

  @Override
  public Coder create(CoderContext context, Map<String, String> parameters) {
    long millis = Long.parseLong(parameters.get("millis"));
    int failEvery = Integer.parseInt(parameters.get("failEvery"));
    double cost = Double.parseDouble(parameters.get("cost"));
    return admission -> {
      if (millis > 0) {
        Thread.sleep(millis);
      }
      int number = Integer.parseInt(admission.id().replaceAll("\\D", ""));
      if (failEvery > 0 && number % failEvery == 0) {
        throw new CoderException("scripted", "scripted failure on " + admission.id());
      }
      if (number % 7 == 3) {
        throw new IllegalStateException("unexpected state on " + admission.id());
      }
      List<CodeSuggestion> codes = new ArrayList<>();
      for (GoldCode gold : admission.codes()) {
        codes.add(new CodeSuggestion(gold.code(), 0.9));
        break;
      }
      codes.add(new CodeSuggestion(number % 2 == 0 ? "I10" : "Q99.9", 0.1));
      return cost > 0 ? new CoderResult(codes, new CoderResult.Usage(100, 10, cost, 1, false), java.util.Map.of("note", "scripted"))
          : new CoderResult(codes);
    };
  }
}

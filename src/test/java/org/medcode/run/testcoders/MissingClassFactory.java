package org.medcode.run.testcoders;

import java.util.List;
import java.util.Map;
import org.medcode.coder.Coder;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderFactory;
import org.medcode.coder.CoderParameter;

/**
 * A test-only coder as a plug-in jar shipped without a library it needs: a class of that library is missing when the
 * coder is created ({@code when: create}), when it codes ({@code when: code}) or when the run asks whether it may start
 * ({@code when: refusal}), as the JVM says it then.
 */
public final class MissingClassFactory implements CoderFactory {
  @Override
  public String name() {
    return "missing-class";
  }

  @Override
  public String description() {
    return "test coder: a class it needs is missing when it is created or when it codes";
  }

  @Override
  public List<CoderParameter> parameters() {
    return List.of(new CoderParameter("when", "create, code or refusal", "create", CoderParameter.Type.TEXT));
  }

  @Override
  public java.util.Optional<String> refusal(CoderContext context, Map<String, String> parameters, double maxCost) {
    if (parameters.get("when").equals("refusal")) {
      throw new NoClassDefFoundError("org/example/tokenizer/Tokenizer");
    }
    return java.util.Optional.empty();
  }

  @Override
  public Coder create(CoderContext context, Map<String, String> parameters) {
    if (parameters.get("when").equals("create")) {
      throw new NoClassDefFoundError("org/example/tokenizer/Tokenizer");
    }
    return admission -> {
      throw new NoClassDefFoundError("org/example/tokenizer/Tokenizer");
    };
  }
}

package org.medcode.cli;

import org.medcode.codesystem.CodeSystemId;
import picocli.CommandLine.ITypeConverter;

/** Option converters for types whose text form is not their enum name. */
final class Converters {
  private Converters() {}

  /** {@code all} or {@code with-gold}. */
  static final class PopulationConverter implements ITypeConverter<org.medcode.eval.Population> {
    @Override
    public org.medcode.eval.Population convert(String value) {
      for (org.medcode.eval.Population population : org.medcode.eval.Population.values()) {
        if (population.label().equalsIgnoreCase(value.trim()) || population.name().equalsIgnoreCase(value.trim())) {
          return population;
        }
      }
      throw new picocli.CommandLine.TypeConversionException("expected all or with-gold, got '" + value + "'");
    }
  }

  /** {@code icd10cm}, {@code ICD-10-CM}, ... → {@link CodeSystemId}. */
  static final class System implements ITypeConverter<CodeSystemId> {
    @Override
    public CodeSystemId convert(String value) {
      return CodeSystemId.parse(value);
    }
  }
}

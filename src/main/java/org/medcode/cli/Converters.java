package org.medcode.cli;

import java.math.BigInteger;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.eval.Intervals;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option converters for types whose text form is not their enum name. */
final class Converters {
  private Converters() {}

  /** {@code standard} or {@code micro}. */
  static final class IntervalsConverter implements ITypeConverter<Intervals> {
    @Override
    public Intervals convert(String value) {
      Intervals intervals = Intervals.of(value);
      if (intervals == null) {
        throw new TypeConversionException("expected standard or micro, got '" + value + "'");
      }
      return intervals;
    }
  }

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
      try {
        return CodeSystemId.parse(value);
      } catch (IllegalArgumentException e) { // its message lists the known systems; no Java class names around it
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /**
   * A whole number option ({@code --seed}, {@code --bootstrap}, ...) between {@code min} and {@code max}: one beyond
   * them is called out of range, with the range, where picocli said "is not a long".
   */
  static final class WholeNumber implements ITypeConverter<Long> {
    private final long min;
    private final long max;

    WholeNumber(long min, long max) {
      this.min = min;
      this.max = max;
    }

    @Override
    public Long convert(String value) {
      BigInteger number;
      try {
        number = new BigInteger(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a whole number");
      }
      if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
        throw new TypeConversionException(value.trim() + " is out of range: a whole number from " + min + " to " + max);
      }
      return number.longValueExact();
    }
  }

  /**
   * A share ({@code --max-failure-rate}): a number ({@code 0.02}) or a percentage ({@code 2%}), as gate rules take
   * percentages; picocli said "'2%' is not a double". The range is checked where the value is used.
   */
  static final class Share implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      String text = value.trim();
      boolean percent = text.endsWith("%");
      try {
        double number = Double.parseDouble(percent ? text.substring(0, text.length() - 1).trim() : text);
        if (Double.isFinite(number) && !text.matches(".*[dDfFxX].*")) { // Java's 1d, 0x1p3 and Infinity are no share
          return percent ? number / 100 : number;
        }
      } catch (NumberFormatException e) {
        // said below
      }
      throw new TypeConversionException("'" + value + "' is not a share: a number from 0 to 1 or a percentage (0.02 or"
          + " 2%)");
    }
  }
}

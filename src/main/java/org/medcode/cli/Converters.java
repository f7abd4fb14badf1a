package org.medcode.cli;

import org.medcode.codesystem.CodeSystemId;
import picocli.CommandLine.ITypeConverter;

/** Option converters for types whose text form is not their enum name. */
final class Converters {
  private Converters() {}

  /** {@code icd10cm}, {@code ICD-10-CM}, ... → {@link CodeSystemId}. */
  static final class System implements ITypeConverter<CodeSystemId> {
    @Override
    public CodeSystemId convert(String value) {
      return CodeSystemId.parse(value);
    }
  }
}

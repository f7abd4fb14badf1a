package org.medcode.coder.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.coder.RunListener;
import org.medcode.codesystem.CodeSystemId;
import org.medcode.codesystem.CodeTable;
import org.medcode.codesystem.CodeTables;

/** What the llm coder's tests against a stub share: a temporary folder, the synthetic table and prices, the warnings. */
abstract class LlmFixture {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path temp;

  CodeTable table;
  Path prices;
  final List<String> warnings = new CopyOnWriteArrayList<>();
  final RunListener listener = org.medcode.coder.Warnings.into(warnings);

  @BeforeEach
  void writeTableAndPrices() throws Exception {
    table = CodeTables.userTable(CodeSystemId.ICD10CM, Synthetic.table(temp));
    prices = Synthetic.prices(temp);
  }
}

package org.medcode.coder.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.coder.CoderContext;
import org.medcode.coder.CoderParameters;

/**
 * A rules-dir that is not a folder is refused by name, saying what to set, also when it is an absolute path: one was
 * taken as it was, and the run stopped later with 'coder rules: cannot read the rules folder /x: /x'.
 */
class RulesDirTest {
  @TempDir
  Path temp;

  @Test
  void anAbsoluteRulesDirThatIsNoFolderIsRefusedSayingSo() {
    Path missing = temp.resolve("nosuchrules");
    Map<String, String> parameters = CoderParameters.resolve(new RulesCoderFactory(), Map.of("rules-dir", missing.toString()));
    MedcodeException refused = assertThrows(MedcodeException.class,
        () -> RulesCoderFactory.settings(new CoderContext(null, List.of(), temp, temp, 1), parameters));
    assertEquals("coder rules: rules folder '" + missing + "' not found; set the parameter rules-dir to a folder of the"
        + " coder's lists (the default: configs/rules)", refused.getMessage());
    assertEquals(2, refused.exitCode());
  }
}

package org.medcode.coder.llm;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.RefusedRun;
import org.medcode.coder.CoderParameters;

/**
 * A key in the llm coder's baseUrl (an Azure endpoint pasted with ?api-key=…) was taken, and the config that holds it is
 * kept in every run folder (config.yaml, manifest.json); it is refused as the http coder's url is, without repeating it.
 */
class LlmBaseUrlCredentialTest {
  @TempDir
  Path temp;

  @Test
  void aBaseUrlCarryingACredentialIsRefusedWithoutRepeatingIt() {
    for (String url : new String[] {"https://x.openai.azure.com/?api-key=s3cr3t",
        "https://x.openai.azure.com/openai/v1?api-version=preview&api-key=s3cr3t", "https://user:s3cr3t@vllm.example/v1",
        "https://generativelanguage.googleapis.com/v1beta/openai?key=s3cr3t"}) {
      MedcodeException e = assertThrows(MedcodeException.class, () -> parse(url), url);
      assertTrue(e.getMessage().startsWith("coder llm: parameter 'baseUrl' carries a credential"), e.getMessage());
      assertTrue(e.getMessage().contains("apiKeyEnv"), e.getMessage());
      assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }
    for (String url : new String[] {"http://127.0.0.1:8000/v1", "https://x.openai.azure.com/openai/v1?api-version=preview"}) {
      assertDoesNotThrow(() -> parse(url), url);
    }
  }

  @Test
  void aDryRunIsRefusedBeforeAnyCoderStartsAndARunWritesNothing() throws Exception {
    Map<String, String> p = LlmRunTest.parameters("https://x.openai.azure.com/openai/v1?api-key=s3cr3t", Synthetic.prices(temp));
    p.put("provider", "azure-openai"); // no key in its variable: the coder is unavailable, and refused all the same
    p.put("apiKeyEnv", "MEDCODE_TEST_NO_SUCH_KEY");
    RefusedRun.assertRefused(temp, "[ " + Synthetic.yaml(p) + " ]",
        "parameter 'baseUrl' carries a credential (the query parameter 'api-key')");
  }

  private static LlmSettings parse(String baseUrl) {
    LlmCoderFactory factory = new LlmCoderFactory(name -> null);
    return LlmSettings.parse(CoderParameters.resolve(factory, Map.of("provider", "openai-compatible", "baseUrl", baseUrl,
        "model", "m")), 1);
  }
}

package org.medcode.coder.external;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.RefusedRun;

/**
 * A key in the http coder's url (a user and password, or ?key=…) was accepted and then kept in the run folder's
 * config.yaml and manifest and named in reports; keys come from the environment only.
 */
class HttpUrlCredentialTest {
  @Test
  void aUrlCarryingACredentialIsRefusedWithoutRepeatingIt() {
    assertTrue(assertThrows(MedcodeException.class, () -> refuse(URI.create("https://svc.example/v1/code#key=s3cr3t")))
        .getMessage().contains("(the fragment's parameter 'key', after #)"));
    assertTrue(assertThrows(MedcodeException.class, () -> refuse(URI.create("https://svc.example/v1;token=s3cr3t/code")))
        .getMessage().contains("(the path parameter 'token')"));
    for (String url : new String[] {"https://svc.example/v1/code?key=s3cr3t", "https://svc.example/v1/code?model=a&api_key=s3cr3t",
        "https://svc.example/v1/code?Token=s3cr3t", "https://svc.example/api?code=s3cr3t",
        "https://user:s3cr3t@svc.example/v1/code", "http://127.0.0.1:8765/v1/code?access-token=s3cr3t",
        // the name as the server decodes it, and a credential's word at the end of a longer name
        "https://svc.example/v1/code?%6Bey=s3cr3t", "https://svc.example/v1/code?api%5Fkey=s3cr3t",
        "https://svc.example/v1/code?client_secret=s3cr3t", "https://svc.example/v1/code?subscription-key=s3cr3t",
        "https://svc.example/v1/code?x-api-key=s3cr3t",
        // a fragment (never sent, but written with the url) and path parameters; ';' also separates a query's pairs
        "https://svc.example/v1/code#key=s3cr3t", "https://svc.example/v1/code#state=1&access_token=s3cr3t",
        "https://svc.example/v1/code;api_key=s3cr3t", "https://svc.example/v1;jsessionid=1;token=s3cr3t/code",
        "https://svc.example/v1/code?model=a;key=s3cr3t"}) {
      MedcodeException e = assertThrows(MedcodeException.class, () -> refuse(URI.create(url)),
          url);
      assertTrue(e.getMessage().contains("carries a credential") && e.getMessage().contains("apiKeyEnv"), e.getMessage());
      assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }
  }

  @Test
  void aPlainUrlOrOneWithOtherParametersIsTaken() {
    for (String url : new String[] {"http://127.0.0.1:8765/v1/code", "https://svc.example/v1/code?model=icd&version=2",
        "https://svc.example/v1/code?codeset=icd10cm&monkey=1",
        "https://svc.example/v1/code?codeSystem=icd10cm&keyword=fever&code_system=icd10cm&icd_code=1&q=%25",
        "https://svc.example/v1/code#section-2", "https://svc.example/v1;version=2/code#model=icd&monkey=1"}) {
      assertDoesNotThrow(() -> refuse(URI.create(url)), url);
    }
  }

  /** A url that does not parse was repeated whole in the error, with the key it may carry (twice: the parser's message too). */
  @Test
  void aMalformedUrlIsShownOnlyUpToItsPath() {
    for (String url : new String[] {"https://svc.example/v1/code?key=s3 cr3t", "https://svc.example/v1/code#key=s3 cr3t",
        "https://user:s3 cr3t@svc.example/v1/code", "https://svc.example/v1;key=s3 cr3t/code"}) {
      MedcodeException e = assertThrows(MedcodeException.class, () -> HttpCoderFactory.Settings.parse(
          org.medcode.coder.CoderParameters.resolve(new HttpCoderFactory(), java.util.Map.of("url", url))), url);
      assertTrue(e.getMessage().startsWith("coder http: parameter 'url' must be an http(s) URL, got 'https://"), e.getMessage());
      assertTrue(e.getMessage().contains("(Illegal character in "), e.getMessage());
      assertFalse(e.getMessage().contains("s3"), e.getMessage());
    }
    MedcodeException e = assertThrows(MedcodeException.class, () -> HttpCoderFactory.Settings.parse(
        org.medcode.coder.CoderParameters.resolve(new HttpCoderFactory(), java.util.Map.of("url", "https://svc example/v1"))));
    assertTrue(e.getMessage().contains("got 'https://svc example/v1' (Illegal character in authority at index 8)"),
        e.getMessage());
  }

  /** Without the key its apiKeyEnv names, the coder was unavailable and never asked: the run kept the url in its folder. */
  @Test
  void aRunIsRefusedAndWritesNothingAlsoWhenTheCoderIsUnavailable(@TempDir Path temp) throws Exception {
    RefusedRun.assertRefused(temp, "[ { name: http, url: \"http://127.0.0.1:9/v1/code?key=s3cr3t\", apiKeyEnv:"
        + " MEDCODE_TEST_NO_SUCH_KEY } ]", "parameter 'url' carries a credential (the query parameter 'key')");
  }

  /** The http coder's check of its url, as its settings make it. */
  private static void refuse(URI url) {
    org.medcode.coder.remote.UrlSecrets.refuse(HttpCoderFactory.NAME, "url", url,
        "apiKeyEnv: NAME (sent as 'Authorization: Bearer <key>')");
  }
}

package org.medcode.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Opens a report.html in headless Chromium (offline: no network is reachable from the page anyway, and the page asks
 * for none): the inline script runs without a console message, every chart is in the rendered DOM, and a screenshot is
 * written to {@code target/report-browser/report.png}. Skipped when no Chromium is installed ({@code .ci/run} installs
 * it); {@code MEDCODE_CHROMIUM} names another binary.
 */
class ReportBrowserIT {
  private static final Path OUT = Path.of("target/report-browser");

  @Test
  void theReportRendersItsChartsWithoutConsoleMessages() throws Exception {
    Optional<String> chromium = chromium();
    Assumptions.assumeTrue(chromium.isPresent(), "no chromium on PATH");
    Path run = OUT.resolve("run");
    RunReports.write(AnalysisReportsGoldenTest.coders(), run);
    Path html = run.resolve("report.html").toAbsolutePath();
    long charts = Pattern.compile("<svg [^>]*class='chart'").matcher(Files.readString(html)).results().count();
    assertTrue(charts >= 10, "the fixture report has strata, taxonomy and coverage charts: " + charts);

    Result dom = chromium(chromium.get(), "--dump-dom", html);
    assertEquals(List.of(), dom.console(), "console messages while loading the report");
    Matcher rendered = Pattern.compile("data-charts=\"(\\d+)\"").matcher(dom.stdout());
    assertTrue(rendered.find(), "the inline script ran (it marks <html data-charts=N>)");
    assertEquals(charts, Long.parseLong(rendered.group(1)), "charts in the rendered DOM");
    assertTrue(dom.stdout().contains("Type 2 diabetes &lt;without&gt; complications"), "titles are escaped, not markup");
    assertTrue(dom.stdout().contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; short"), "note text is escaped");
    assertTrue(dom.stdout().contains("A&lt;1&gt;"), "admission ids are escaped");

    Path png = OUT.resolve("report.png").toAbsolutePath();
    Files.deleteIfExists(png);
    Result shot = chromium(chromium.get(), "--screenshot=" + png, html);
    assertEquals(List.of(), shot.console());
    byte[] bytes = Files.readAllBytes(png);
    assertTrue(bytes.length > 1000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', "a PNG screenshot");
  }

  record Result(String stdout, List<String> console) {}

  private static Result chromium(String binary, String action, Path html) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("medcode-chromium");
    Path stdout = Files.createTempFile("chromium", ".out");
    Path stderr = Files.createTempFile("chromium", ".err");
    List<String> command = new ArrayList<>(List.of(binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--window-size=1200,2400", action,
        html.toUri().toString()));
    Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("chromium did not finish: " + command);
    }
    assertEquals(0, process.exitValue(), () -> "chromium failed: " + read(stderr));
    List<String> console = read(stderr).lines().filter(l -> l.contains(":CONSOLE")).toList();
    return new Result(read(stdout), console);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static Optional<String> chromium() {
    String configured = System.getenv("MEDCODE_CHROMIUM");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(configured);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        if (Files.isExecutable(Path.of(dir, name))) {
          return Optional.of(Path.of(dir, name).toString());
        }
      }
    }
    return Optional.empty();
  }
}

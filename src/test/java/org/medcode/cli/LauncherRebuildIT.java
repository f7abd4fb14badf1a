package org.medcode.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command started after a source change rebuilds the jar; a medcode already running from that jar (a long paid run)
 * must keep reading the classes it has not loaded yet from the jar it started with. A build writes the jar in place
 * (as Maven does), so the launcher removes the old one first: a running JVM keeps its open file, the build writes a new
 * one. Checked with the launcher of this checkout in a copy of a checkout whose {@code mvn} and {@code java} are stand-ins
 * (the one writes the jar in place, the other does nothing), and a process holding the old jar open.
 */
class LauncherRebuildIT {
  @TempDir
  Path temp;

  @Test
  void aRebuildNeverRewritesTheJarARunningMedcodeReadsFrom() throws Exception {
    Path home = staleCheckout("the jar a running medcode started with\n");
    Path jar = home.resolve("target/medcode.jar");
    Path bin = stubs("", "exit 0");

    // stands in for the running JVM, which keeps its class path's jar open
    Process holder = new ProcessBuilder("bash", "-c", "exec 3<'" + jar + "'; echo open; exec sleep 60").start();
    try {
      assertEquals("open", new String(holder.getInputStream().readNBytes(4), StandardCharsets.UTF_8));
      String output = output(start(home, bin + ":" + System.getenv("PATH")), 0);
      assertTrue(output.contains("building"), output);
      assertEquals("the rebuilt jar\n", Files.readString(jar), "the next command runs the new jar");
      Path held = Path.of("/proc", String.valueOf(holder.pid()), "fd", "3");
      assertEquals("the jar a running medcode started with\n", Files.readString(held),
          "the running medcode still reads the jar it started with");
    } finally {
      holder.destroyForcibly();
    }
  }

  /**
   * Two or three {@code ./medcode} started at once after a source change (CI jobs after a pull, a second terminal)
   * each built in the same target/: with the real build, 3 of 4 tries left one command of each try failing with a
   * compilation error, "Could not replace original artifact with shaded artifact", or ClassNotFoundException:
   * org.medcode.cli.Main from a jar the other build was writing. One builds; the others wait and run its jar.
   */
  @Test
  void launchersStartedTogetherBuildOnceAndRunTheJarItBuilt() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(onPath("flock"), "flock(1) is not on this machine");
    assertBuildOnce(System.getenv("PATH"));
  }

  /**
   * macOS has no flock(1): there the launcher takes the same lock with perl, which it ships. Checked with a PATH that
   * has the launcher's tools and perl but no flock.
   */
  @Test
  void withoutFlockTheLaunchersLockTheBuildWithPerl() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(onPath("perl"), "perl is not on this machine");
    Path tools = Files.createDirectories(temp.resolve("tools"));
    for (String tool : new String[] {"bash", "sh", "dirname", "find", "mkdir", "mktemp", "rm", "touch", "cat", "sleep", "perl"}) {
      script(tools.resolve(tool), "#!/bin/sh\nexec " + where(tool) + " \"$@\"\n");
    }
    assertBuildOnce(tools.toString());
  }

  /** Three launchers started at once in a stale checkout whose build takes 2 s: one builds, all run the jar it built. */
  private void assertBuildOnce(String path) throws Exception {
    Path home = staleCheckout("the old jar\n");
    // a build that takes a while and writes the jar at its end, as the shade plug-in does; counted
    Path bin = stubs("echo build >> ../builds\nsleep 2\n", RUNS_THE_JAR);
    java.util.List<Process> launchers = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      launchers.add(start(home, bin + ":" + path));
    }
    for (Process launcher : launchers) {
      String output = output(launcher, 0);
      assertTrue(output.endsWith("the rebuilt jar\n"), output);
    }
    assertEquals(1, Files.readAllLines(temp.resolve("builds")).size(), "builds");
  }

  private static boolean onPath(String tool) throws Exception {
    return !where(tool).isEmpty();
  }

  /** Where the shell finds {@code tool} ("" where it finds none). */
  private static String where(String tool) throws Exception {
    return new String(new ProcessBuilder("sh", "-c", "command -v " + tool).start().getInputStream().readAllBytes(),
        StandardCharsets.UTF_8).strip();
  }

  /** {@code home}'s launcher started as {@code ./medcode --version} with this PATH. */
  private static Process start(Path home, String path) throws Exception {
    ProcessBuilder launch = new ProcessBuilder(home.resolve("medcode").toString(), "--version").redirectErrorStream(true);
    launch.environment().put("PATH", path);
    return launch.start();
  }

  /** What a launcher printed, once it exited with {@code exit}. */
  private static String output(Process launcher, int exit) throws Exception {
    String output = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(launcher.waitFor(1, TimeUnit.MINUTES), output);
    assertEquals(exit, launcher.exitValue(), output);
    return output;
  }

  /**
   * A launcher that finds the jar present as another launcher removes it to build (between its two looks at the jar)
   * took it for up to date: find(1) fails on a -newer file that is gone and prints nothing, and the launcher ran a jar
   * that was not there ("cat: …/target/medcode.jar: No such file", once in eight runs of the test above). A find that
   * removes the jar before it looks stands in for the other launcher.
   */
  @Test
  void aJarRemovedWhileItIsLookedAtIsStale() throws Exception {
    Path home = staleCheckout("the old jar\n");
    Path jar = home.resolve("target/medcode.jar");
    Path bin = stubs("", RUNS_THE_JAR);
    script(bin.resolve("find"), "#!/bin/sh\nrm -f '" + jar + "'\nexec " + where("find") + " \"$@\"\n");
    String output = output(start(home, bin + ":" + System.getenv("PATH")), 0);
    assertTrue(output.endsWith("the rebuilt jar\n"), output);
  }

  /**
   * A stale jar in a checkout this user may not write (another user's install, a read-only mount): the launcher said
   * "line 12: …/target/.medcode-build.lock: Permission denied" and exited 1, which a CI job reads as gate's failed
   * quality rule. It says what to do, exit 2. A folder stands in the lock file's place, which root cannot open either.
   */
  @Test
  void aStaleJarThatCannotBeRebuiltHereIsSaidSoWithExit2() throws Exception {
    Path home = staleCheckout("the old jar\n");
    Files.createDirectories(home.resolve("target/.medcode-build.lock"));
    String output = output(start(home, System.getenv("PATH")), 2);
    assertTrue(output.startsWith("error: " + home.resolve("target/medcode.jar") + " is missing or older than the sources,"
        + " and " + home.resolve("target") + " cannot be written to build it;"), output);
  }

  /**
   * A checkout with the launcher, a jar holding {@code jarText} and a source edited after it was built: the next
   * {@code ./medcode} builds.
   */
  private Path staleCheckout(String jarText) throws Exception {
    Path home = Files.createDirectories(temp.resolve("checkout"));
    Files.copy(Path.of("medcode").toAbsolutePath(), home.resolve("medcode"));
    Files.writeString(home.resolve("pom.xml"), "<project/>\n");
    Path jar = Files.createDirectories(home.resolve("target")).resolve("medcode.jar");
    Files.writeString(jar, jarText);
    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    Files.writeString(Files.createDirectories(home.resolve("src/main")).resolve("Edited.java"), "// edited\n");
    return home;
  }

  /** A java stand-in that prints the jar it would run. */
  private static final String RUNS_THE_JAR = "cat \"$MEDCODE_HOME/target/medcode.jar\"";

  /**
   * Stand-ins for the launcher's tools, in a folder to put first on PATH: an mvn that runs {@code beforeBuild}, then
   * writes the rebuilt jar in place (as a build does), and a java that runs {@code java}.
   */
  private Path stubs(String beforeBuild, String java) throws Exception {
    Path bin = Files.createDirectories(temp.resolve("bin"));
    script(bin.resolve("mvn"), "#!/bin/sh\n" + beforeBuild + "printf 'the rebuilt jar\\n' > target/medcode.jar\n");
    script(bin.resolve("java"), "#!/bin/sh\n" + java + "\n");
    return bin;
  }

  private static void script(Path file, String text) throws Exception {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}

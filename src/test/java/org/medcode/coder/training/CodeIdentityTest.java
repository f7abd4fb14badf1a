package org.medcode.coder.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.codesystem.CodeTable;

class CodeIdentityTest {
  @TempDir
  Path temp;

  @Test
  void theBuiltClassesHaveADigestOfTheirOwnThatDependsOnThePackagesNamed() {
    String training = CodeIdentity.of(Logistic.class);
    assertTrue(training.matches("[0-9a-f]{16}"), training); // read from the classes, not the version stand-in
    assertEquals(training, CodeIdentity.of(TrainingData.class), "one package, named by any of its classes");
    assertNotEquals(training, CodeIdentity.of(Logistic.class, CodeTable.class));
    assertEquals(CodeIdentity.of(Logistic.class, CodeTable.class), CodeIdentity.of(CodeTable.class, Logistic.class));
  }

  @Test
  void aChangedClassChangesTheDigestAndTheSameFilesInAJarOrAFolderGiveTheSameOne() throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    files.put("org/example/rules/Builder.class", new byte[] {1, 2, 3});
    files.put("org/example/rules/inner/Helper.class", new byte[] {4, 5});
    files.put("org/example/rules/README.md", new byte[] {9}); // not code
    files.put("org/example/other/Unrelated.class", new byte[] {7});
    List<String> rules = List.of("org/example/rules/");

    String folder = CodeIdentity.digest(folder("a", files), rules);
    assertEquals(folder, CodeIdentity.digest(jar("a.jar", files), rules));
    assertEquals(folder, CodeIdentity.digest(folder("again", files), rules), "the same files again");

    files.put("org/example/other/Unrelated.class", new byte[] {8});
    files.put("org/example/rules/README.md", new byte[] {10});
    assertEquals(folder, CodeIdentity.digest(folder("outside", files), rules), "only class files of the packages count");

    files.put("org/example/rules/inner/Helper.class", new byte[] {4, 6});
    assertNotEquals(folder, CodeIdentity.digest(folder("changed", files), rules), "a sub-package's class changed");
    files.remove("org/example/rules/inner/Helper.class");
    assertNotEquals(folder, CodeIdentity.digest(jar("fewer.jar", files), rules), "a class removed");

    assertNull(CodeIdentity.digest(folder("none", files), List.of("org/nothing/")));
  }

  private Path folder(String name, Map<String, byte[]> files) throws IOException {
    Path root = temp.resolve(name);
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Path path = root.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.write(path, file.getValue());
    }
    return root;
  }

  private Path jar(String name, Map<String, byte[]> files) throws IOException {
    Path jar = temp.resolve(name);
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream entries = new JarOutputStream(out)) {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        entries.putNextEntry(new JarEntry(file.getKey()));
        entries.write(file.getValue());
        entries.closeEntry();
      }
    }
    return jar;
  }
}

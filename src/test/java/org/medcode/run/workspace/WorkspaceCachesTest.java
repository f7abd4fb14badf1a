package org.medcode.run.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.medcode.MedcodeException;
import org.medcode.coder.RunListener;

/** cache list / cache clear touch medcode's own cache folders only, whatever else the cache folder holds. */
class WorkspaceCachesTest {
  @TempDir
  Path temp;

  @Test
  void onlyMedcodesCachesAreListedAndCleared() throws IOException {
    for (String folder : List.of("llm", "rules-models", ".git", "src", "codiesp")) {
      Files.createDirectories(temp.resolve(folder).resolve("inner"));
      Files.writeString(temp.resolve(folder).resolve("inner/file.txt"), "x");
    }
    Workspace workspace = new Workspace(temp, temp.resolve("data"), temp.resolve("results"), null, temp, false,
        Clock.systemUTC(), RunListener.SILENT);
    assertEquals(List.of("llm", "rules-models"), workspace.caches().stream().map(Workspace.CacheUse::name).toList());

    MedcodeException e = assertThrows(MedcodeException.class, () -> workspace.clearCaches(List.of("llm", "src")));
    assertTrue(e.getMessage().startsWith("'src' is not one of medcode's caches"), e.getMessage());
    assertTrue(Files.exists(temp.resolve("llm/inner/file.txt")), "nothing is deleted when one name is wrong");

    assertEquals(List.of("llm", "rules-models"),
        workspace.clearCaches(List.of()).stream().map(Workspace.CacheUse::name).toList());
    assertFalse(Files.exists(temp.resolve("llm")));
    assertFalse(Files.exists(temp.resolve("rules-models")));
    for (String kept : List.of(".git", "src", "codiesp")) {
      assertTrue(Files.exists(temp.resolve(kept).resolve("inner/file.txt")), kept);
    }
    MedcodeException none = assertThrows(MedcodeException.class, () -> workspace.clearCaches(List.of("http")));
    assertTrue(none.getMessage().endsWith("there are: none; nothing was deleted"), none.getMessage());
  }
}

package org.medcode.coder.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two runs that publish the same cache folder: the second keeps the first's, fails nothing and leaves nothing behind. */
class ModelFoldersPublishTest {
  @TempDir
  Path temp;

  @Test
  void aFolderPublishedMeanwhileIsKeptAndTheTemporaryOneRemoved() throws Exception {
    Path folder = temp.resolve("cache/ml-knn-1234");
    ModelFolders.publish(folder, dir -> Files.writeString(dir.resolve("manifest.json"), "first"), "the model");
    ModelFolders.publish(folder, dir -> Files.writeString(dir.resolve("manifest.json"), "second"), "the model");
    assertEquals("first", Files.readString(folder.resolve("manifest.json")));
    try (var entries = Files.list(temp.resolve("cache"))) {
      assertEquals(List.of("ml-knn-1234"), entries.map(p -> p.getFileName().toString()).toList());
    }
  }
}

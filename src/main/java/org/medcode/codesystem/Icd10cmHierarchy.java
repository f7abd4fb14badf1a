package org.medcode.codesystem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ICD-10-CM chapters, blocks (sections) and categories from the hierarchy CSVs. A category listed in the categories
 * file gets its block and chapter from there (ranges alone misplace {@code C4A}, {@code M1A} or {@code Z3A}); any
 * other well-formed category falls back to the one innermost block whose range contains it, if exactly one does.
 *
 * @param source where the files were read, for messages
 * @param edition which release the blocks and chapters are of, e.g. {@code FY2021 tabular list} or
 *     {@code April 1, 2026 hierarchy}, for every output that names the table
 * @param categories category → (block key, chapter key, title)
 * @param blocks block key (e.g. {@code N40-N53}, {@code D3A}) → range with chapter and title, nested super-blocks included
 * @param chapters chapter key (e.g. {@code 14}) → title
 */
record Icd10cmHierarchy(String source, String edition, Map<String, Category> categories, Map<String, Block> blocks, Map<String, String> chapters) {

  record Category(String block, String chapter, String title) {}

  record Block(KeyRange range, String chapter, boolean innermost) {}

  Icd10cmHierarchy {
    categories = Map.copyOf(categories);
    blocks = Map.copyOf(blocks);
    chapters = Map.copyOf(chapters);
  }

  /**
   * A hierarchy from its categories, its block ranges (each with its chapter in {@code blockChapters}, by key) and its
   * chapters; a block is innermost when no other block lies within its range.
   */
  static Icd10cmHierarchy of(String source, String edition, Map<String, Category> categories, List<KeyRange> ranges,
      Map<String, String> blockChapters, Map<String, String> chapters) {
    Map<String, Block> blocks = new java.util.HashMap<>();
    for (KeyRange range : ranges) {
      boolean innermost = ranges.stream().noneMatch(other -> other != range
          && range.low().compareTo(other.low()) <= 0 && other.high().compareTo(range.high()) <= 0);
      blocks.put(range.key(), new Block(range, blockChapters.get(range.key()), innermost));
    }
    return new Icd10cmHierarchy(source, edition, categories, blocks, chapters);
  }

  Optional<String> block(String category) {
    Category known = categories.get(category);
    if (known != null) {
      return Optional.of(known.block());
    }
    List<String> matches = new ArrayList<>(1);
    for (Block block : blocks.values()) {
      if (block.innermost() && block.range().contains(category)) {
        matches.add(block.range().key());
      }
    }
    return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
  }

  Optional<String> chapter(String category) {
    Category known = categories.get(category);
    if (known != null) {
      return Optional.of(known.chapter());
    }
    Optional<String> block = block(category);
    if (block.isPresent()) {
      return Optional.of(blocks.get(block.get()).chapter());
    }
    return KeyRange.find(Icd10cm.CHAPTERS, category).map(KeyRange::key);
  }

  Optional<String> title(String key, Granularity granularity) {
    return switch (granularity) {
      case CATEGORY -> Optional.ofNullable(categories.get(key)).map(Category::title);
      case BLOCK -> Optional.ofNullable(blocks.get(key)).map(block -> block.range().title());
      case CHAPTER -> Optional.ofNullable(chapters.get(key));
      case EXACT -> Optional.empty();
    };
  }
}

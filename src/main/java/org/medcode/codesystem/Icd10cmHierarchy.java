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

  private static final java.util.regex.Pattern RANGE_IN_TITLE =
      java.util.regex.Pattern.compile("\\(([A-Z][0-9A-Z]{2})-([A-Z][0-9A-Z]{2})\\)$");

  /**
   * This hierarchy for a table whose categories are {@code present}, of the release {@code release} (e.g. FY2022): a
   * block or chapter range that starts or ends at a category of this hierarchy the table lacks (one added in a later
   * year: I1A, FY2023, ends I10-I1A) starts or ends at the first or last of its categories the table has, key and
   * title alike (FY2022: block I10-I16, "Hypertensive diseases (I10-I16)"; chapter 17 "... (Q00-Q99)" before FY2026's
   * QA0). Which categories a block or chapter holds does not change. This hierarchy itself when no range is cut.
   */
  Icd10cmHierarchy fittedTo(java.util.Set<String> present, String release) {
    Map<String, java.util.TreeSet<String>> byBlock = new java.util.HashMap<>();
    Map<String, java.util.TreeSet<String>> byChapter = new java.util.HashMap<>();
    categories.forEach((category, known) -> {
      if (present.contains(category)) {
        byBlock.computeIfAbsent(known.block(), k -> new java.util.TreeSet<>()).add(category);
        byChapter.computeIfAbsent(known.chapter(), k -> new java.util.TreeSet<>()).add(category);
      }
    });
    Map<String, String> renamed = new java.util.HashMap<>();
    List<KeyRange> ranges = new ArrayList<>();
    Map<String, String> blockChapters = new java.util.HashMap<>();
    for (Block block : blocks.values()) {
      KeyRange range = block.range();
      KeyRange fitted = fitted(range.low(), range.high(), byBlock.get(range.key()), present)
          .map(ends -> {
            String key = ends[0].equals(ends[1]) ? ends[0] : ends[0] + "-" + ends[1];
            return new KeyRange(key, ends[0], ends[1], range.title().replace("(" + range.key() + ")", "(" + key + ")"));
          }).orElse(range);
      if (fitted != range) {
        renamed.put(range.key(), fitted.key());
      }
      ranges.add(fitted);
      blockChapters.put(fitted.key(), block.chapter());
    }
    Map<String, String> titles = new java.util.HashMap<>(chapters);
    chapters.forEach((chapter, title) -> {
      java.util.regex.Matcher written = RANGE_IN_TITLE.matcher(title);
      if (written.find()) {
        fitted(written.group(1), written.group(2), byChapter.get(chapter), present).ifPresent(ends -> titles.put(chapter,
            title.substring(0, written.start()) + "(" + ends[0] + "-" + ends[1] + ")"));
      }
    });
    if (renamed.isEmpty() && titles.equals(chapters)) {
      return this;
    }
    Map<String, Category> recategorised = new java.util.HashMap<>();
    categories.forEach((category, known) -> recategorised.put(category, new Category(
        renamed.getOrDefault(known.block(), known.block()), known.chapter(), known.title())));
    return of(source, edition + ", its ranges cut to the categories of " + release, recategorised, ranges, blockChapters,
        titles);
  }

  /** The ends of a range cut to the categories it holds that are present, when an end is a category that is not. */
  private Optional<String[]> fitted(String low, String high, java.util.TreeSet<String> held, java.util.Set<String> present) {
    boolean lowGone = categories.containsKey(low) && !present.contains(low);
    boolean highGone = categories.containsKey(high) && !present.contains(high);
    if (held == null || !lowGone && !highGone) {
      return Optional.empty();
    }
    return Optional.of(new String[] {lowGone ? held.first() : low, highGone ? held.last() : high});
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

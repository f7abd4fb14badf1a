package org.medcode;

import java.util.Locale;

/** A count with its noun for console and report texts: {@code 1 admission}, {@code 2 admissions}, {@code 1,204 codes}. */
public final class Plural {
  private Plural() {}

  /** {@code count} and {@code noun} ("admission"), the noun in the plural unless the count is 1: {@code 3 admissions}. */
  public static String of(long count, String noun) {
    return count + " " + noun(count, noun);
  }

  /** As {@link #of}, the count with thousands separators: {@code 1,204 admissions}. */
  public static String grouped(long count, String noun) {
    return count(count) + " " + noun(count, noun);
  }

  /** A count with thousands separators, {@code 1,204}, where a text gives it without a noun. */
  public static String count(long count) {
    return String.format(Locale.ROOT, "%,d", count);
  }

  /** {@code noun} ("entry", "batch", "code") as it follows {@code count}: itself for 1, else its plural. */
  public static String noun(long count, String noun) {
    if (count == 1) {
      return noun;
    }
    if (noun.endsWith("y") && noun.length() > 1 && "aeiou".indexOf(noun.charAt(noun.length() - 2)) < 0) {
      return noun.substring(0, noun.length() - 1) + "ies";
    }
    return noun.matches(".*(s|x|ch|sh)") ? noun + "es" : noun + "s";
  }

  /**
   * {@code verb} in its plural present or past form ("are", "were", "have", "match") as it agrees with {@code count}:
   * itself unless the count is 1, then its singular ("is", "was", "has", "matches").
   */
  public static String verb(long count, String verb) {
    if (count != 1) {
      return verb;
    }
    return switch (verb) {
      case "are" -> "is";
      case "were" -> "was";
      case "have" -> "has";
      case "do" -> "does";
      default -> noun(2, verb); // the third person singular is spelled as a noun's plural: lacks, matches, carries
    };
  }
}

package org.medcode.codesystem;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.medcode.MedcodeException;
import org.medcode.PublicData;

/**
 * Reads a CMS order file (ICD-10-CM "code descriptions in tabular order", ICD-10-PCS "order file") straight from its
 * zip: fixed width, order number in columns 1-5, code 7-13 (no dot), flag in column 15 ('1' billable/valid, '0'
 * header), short title 17-76, long title 78 to the end; CRLF or LF; ASCII (read as ISO-8859-1, which never fails).
 */
final class OrderFile {
  private OrderFile() {}

  /**
   * The entries of the one zip member whose name matches {@code member} (e.g. {@code icd10cm_order_(\d{4})\.txt}, which
   * skips the addenda), keyed by code. The member's year (the pattern's group) must be {@code year}, the year the zip's
   * name gives and the table is reported as: another year's release saved under this year's name is refused.
   */
  static Map<String, CodeEntry> read(Path zip, Pattern member, int year, CodeSystem system) {
    PublicData.reading(zip);
    try (ZipFile file = new ZipFile(zip.toFile())) {
      ZipEntry entry = findMember(file, zip, member);
      String base = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
      java.util.regex.Matcher named = member.matcher(base);
      if (named.matches() && !named.group(1).equals(String.valueOf(year))) {
        throw new MedcodeException.BadInput(zip, 0, "holds the FY" + named.group(1) + " order file (" + entry.getName()
            + "), not that of FY" + year + " its name says: another year's release saved under this year's name would"
            + " be reported as FY" + year + "; replace it with the FY" + year + " release, or delete it");
      }
      Path where = Path.of(zip + "!", entry.getName());
      Map<String, CodeEntry> entries = new HashMap<>(1 << 17);
      try (BufferedReader reader = new BufferedReader(
          new InputStreamReader(file.getInputStream(entry), StandardCharsets.ISO_8859_1), 1 << 16)) {
        long number = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          number++;
          if (line.isBlank()) {
            continue;
          }
          CodeEntry parsed = parse(line, system, where, number);
          if (entries.put(parsed.code(), parsed) != null) {
            throw new MedcodeException.BadInput(where, number, "code " + parsed.code() + " appears twice");
          }
        }
      }
      if (entries.isEmpty()) {
        throw new MedcodeException.BadInput(where, 0, "expected order-file lines, found none");
      }
      return entries;
    } catch (IOException e) {
      throw new MedcodeException.BadInput(zip, 0, "cannot read the zip: " + e.getMessage(), e);
    }
  }

  private static ZipEntry findMember(ZipFile file, Path zip, Pattern member) {
    List<ZipEntry> matches = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (ZipEntry entry : Collections.list(file.entries())) {
      String name = entry.getName();
      names.add(name);
      String base = name.substring(name.lastIndexOf('/') + 1);
      if (!entry.isDirectory() && member.matcher(base).matches()) {
        matches.add(entry);
      }
    }
    if (matches.size() != 1) {
      throw new MedcodeException.BadInput(zip, 0, "expected one member named like " + member.pattern() + ", found "
          + (matches.isEmpty() ? "none" : matches.stream().map(ZipEntry::getName).toList()) + " among " + names);
    }
    return matches.get(0);
  }

  static CodeEntry parse(String line, CodeSystem system, Path where, long number) {
    if (line.length() < 15 || line.charAt(5) != ' ' || !Chars.allDigits(line, 0, 5)) {
      throw new MedcodeException.BadInput(where, number,
          "expected a fixed-width order line (order number in columns 1-5, code 7-13, flag in column 15), found '" + line + "'");
    }
    String code = line.substring(6, 13).trim();
    if (!system.isWellFormed(code)) {
      throw new MedcodeException.BadInput(where, number,
          "expected a " + system.id().label() + " code in columns 7-13, found '" + code + "'");
    }
    char flag = line.charAt(14);
    if (flag != '0' && flag != '1') {
      throw new MedcodeException.BadInput(where, number,
          "expected '0' (header) or '1' (billable) in column 15, found '" + flag + "'");
    }
    String shortTitle = line.length() > 16 ? line.substring(16, Math.min(76, line.length())).trim() : "";
    String longTitle = line.length() > 77 ? line.substring(77).trim() : "";
    return new CodeEntry(code, flag == '1', shortTitle, longTitle);
  }
}

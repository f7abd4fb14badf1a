package org.medcode.codesystem;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.medcode.MedcodeException;
import org.medcode.PublicData;

/**
 * Reads the CMS ICD-9-CM v32 title files ({@code CMS32_DESC_{LONG,SHORT}_{DX,SG}.txt}: code without dot, white
 * space, title; windows-1252, undecodable bytes replaced). They list only leaves; every well-formed proper prefix of a
 * leaf ({@code 250}, {@code 2500} for {@code 25000}; {@code 36}, {@code 361} for {@code 3610}; {@code E880} but not
 * {@code E88}) is added as a non-billable header without a title, since the files have no header titles.
 */
final class Icd9DescriptionFiles {
  static final String FOLDER = "icd9cm-cms";
  private static final Charset CP1252 = Charset.forName("windows-1252");

  private Icd9DescriptionFiles() {}

  static Path file(Path root, String length, CodeSystemId system) {
    return root.resolve(FOLDER).resolve("CMS32_DESC_" + length + "_" + (system == CodeSystemId.ICD9CM ? "DX" : "SG") + ".txt");
  }

  static Map<String, CodeEntry> read(Path root, CodeSystem system) {
    Map<String, String> longTitles = titles(file(root, "LONG", system.id()), system);
    Map<String, String> shortTitles = titles(file(root, "SHORT", system.id()), system);
    Map<String, CodeEntry> entries = new HashMap<>(longTitles.size() * 2);
    longTitles.forEach((code, title) -> entries.put(code, new CodeEntry(code, true, shortTitles.getOrDefault(code, ""), title)));
    for (String leaf : longTitles.keySet()) {
      for (int length = 1; length < leaf.length(); length++) {
        String prefix = leaf.substring(0, length);
        if (system.isWellFormed(prefix) && !entries.containsKey(prefix)) {
          entries.put(prefix, new CodeEntry(prefix, false, "", ""));
        }
      }
    }
    return entries;
  }

  private static Map<String, String> titles(Path file, CodeSystem system) {
    if (!Files.isRegularFile(file)) {
      throw new MedcodeException.DataMissing("ICD-9-CM v32 " + (system.id() == CodeSystemId.ICD9CM ? "diagnosis" : "procedure")
          + " titles", file, "icd9cm");
    }
    Map<String, String> titles = new LinkedHashMap<>();
    PublicData.reading(file);
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), CP1252))) {
      long number = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        number++;
        if (line.isBlank()) {
          continue;
        }
        int space = line.indexOf(' ');
        String code = space < 0 ? line : line.substring(0, space);
        if (!system.isWellFormed(code)) {
          throw new MedcodeException.BadInput(file, number, "expected a " + system.id().label()
              + " code without dot, white space and a title, found '" + line + "'");
        }
        if (titles.put(code, space < 0 ? "" : line.substring(space).trim()) != null) {
          throw new MedcodeException.BadInput(file, number, "code " + code + " appears twice");
        }
      }
    } catch (IOException e) {
      throw new MedcodeException.BadInput(file, 0, "cannot read: " + e.getMessage(), e);
    }
    return titles;
  }
}

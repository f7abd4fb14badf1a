/**
 * Code systems and versioned code tables: what a code is (normalisation, format, display form), where it sits in its
 * hierarchy (category, block, chapter; PCS root operation, body system, section; CPT/HCPCS sections) and whether a
 * given year's table has it (billable, header, absent).
 *
 * <p>Entry points: {@link org.medcode.codesystem.CodeSystems} (syntax-only systems that need no files, and ICD-10-CM
 * with its block hierarchy) and {@link org.medcode.codesystem.CodeTables} (the official CMS tables read from a data
 * root laid out like the public-data mirror, and user-supplied CPT/HCPCS tables); {@link org.medcode.codesystem.Gems}
 * maps ICD-9 codes forward to ICD-10 through the CMS 2018 General Equivalence Mappings. The implementations of each system
 * and the file readers are package-private.
 *
 * <p>Dependencies: only the JDK, Apache Commons CSV, {@link org.medcode.MedcodeException} and the JDK-only helpers
 * that word bad input ({@link org.medcode.CsvSyntax}, {@link org.medcode.Utf8}, {@link org.medcode.Ids}, {@link org.medcode.Plural}), {@link org.medcode.PublicData} and
 * {@link org.medcode.Launcher} (the launcher a message names, e.g. in the pull that fetches a file again). This package never
 * imports {@code dataset}, {@code eval}, {@code report}, {@code run} or {@code cli}; they depend on it.
 */
package org.medcode.codesystem;

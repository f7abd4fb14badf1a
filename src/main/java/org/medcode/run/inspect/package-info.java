/**
 * What a code table says about codes: a lookup of codes as written anywhere ({@link
 * org.medcode.run.inspect.CodeLookup}) and an audit of a dataset's gold codes ({@link
 * org.medcode.run.inspect.GoldAudit}). Pure functions over a table and a dataset; may depend on dataset and
 * codesystem only.
 */
package org.medcode.run.inspect;

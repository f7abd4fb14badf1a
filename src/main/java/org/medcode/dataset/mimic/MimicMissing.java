package org.medcode.dataset.mimic;

import org.medcode.MedcodeException;

/**
 * A MIMIC folder or file is not where the spec says (exit code 3, data missing). MIMIC is credentialed data that users
 * bring themselves, so unlike {@link MedcodeException.DataMissing} there is nothing to pull: the message says which
 * file of which MIMIC module is missing and how the folder should look.
 */
public final class MimicMissing extends MedcodeException {
  private static final long serialVersionUID = 1L;

  MimicMissing(String message) {
    super(message, 3, null);
  }
}

package io.sessions4j.core;

import io.sessions4j.core.codec.KeyRing;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Warnings an engine gives once, when it is created, about a configuration that works but is weaker
 * than it looks: keys that look like typed passphrases, and store mode without keys. Never prints a
 * secret.
 */
final class StartupChecks {
  private static final System.Logger LOG = System.getLogger("io.sessions4j.core.SessionManager");

  private StartupChecks() {}

  static void warnAbout(SessionConfig config) {
    KeyRing keys = config.keys();
    if (config.migrateFrom() != null) {
      LOG.log(Level.INFO, "migrateFrom=" + config.migrateFrom().packageName() + ": sessions presented in "
          + config.migrateFrom().packageName() + "'s cookie " + config.migrateCookieName() + " are moved into "
          + "sessions4j's own format; remove migrateFrom once no valid Node session is left "
          + "(docs/migrating-from-node.md, runbook step 3)");
    }
    if (config.compat() != null) {
      // the Node package's secrets sign the id; they are what the Node app has, so short ones are expected
      LOG.log(Level.INFO, "compat=" + config.compat().packageName() + ": the session cookie is "
          + config.compat().packageName() + "'s, signed with compatSecrets; move to sessions4j's own "
          + "formats once the Node app is gone (docs/migrating-from-node.md)");
    } else if (keys != null) {
      List<Integer> weak = keys.passphraseLike();
      if (!weak.isEmpty()) {
        LOG.log(Level.WARNING, "keys" + weak + (weak.size() == 1 ? " looks" : " look")
            + " like a passphrase typed by a person, not random bytes. Keys are not stretched (HKDF), "
            + "so a guessable secret lets anyone who guesses it forge sessions. Generate one with "
            + "'openssl rand -base64 48' and give it as base64:<output>.");
      }
    } else if (config.mode() == SessionMode.STORE) {
      LOG.log(Level.WARNING, "mode=STORE without keys: session ids travel unsigned, so every made-up "
          + "id a client sends costs a store read before it is refused. Set keys (32+ random bytes, "
          + "e.g. base64:<output of 'openssl rand -base64 48'>) to refuse forged ids without I/O.");
    }
  }
}

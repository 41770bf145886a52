package org.eucalyptus.clc.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eucalyptus.clc.errors.AlreadyExistsException;
import org.eucalyptus.clc.errors.DomainException;
import org.eucalyptus.clc.identity.Account;
import org.eucalyptus.clc.identity.LoginProfiles;
import org.eucalyptus.clc.identity.PasswordPolicyException;
import org.eucalyptus.clc.identity.User;

/**
 * The cloud administrator's first console password: at the cloud's first start the {@code admin} of
 * account {@code eucalyptus} gets a login profile with a random password, written (readable by its
 * owner only) to {@code DATA_DIR/console-admin-password} for the operator to sign in with and change.
 * Made once: a later start, or a second front end, finds the file or the profile and leaves both alone.
 */
public final class ConsoleAdminPassword {
  private static final Logger LOG = LogManager.getLogger(ConsoleAdminPassword.class);
  public static final String FILE = "console-admin-password";
  /**
   * The first password is 20 characters drawn at random from 57 (117 bits): no guess can find it, so
   * the slow hash that protects passwords people choose would add nothing but a second or so to every
   * first start (tests start hundreds of clouds). The admin's own next password is hashed as any is.
   */
  static final int FIRST_PASSWORD_ITERATIONS = 1_000;
  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private ConsoleAdminPassword() {}

  /** Gives the admin a first password unless they have one or one was given before; the file it is in. */
  public static Path ensure(org.eucalyptus.clc.identity.IdentityStore identity, String systemAccountNumber,
      Path dataDir) {
    LoginProfiles logins = new LoginProfiles(identity,
        new org.eucalyptus.clc.identity.PasswordHashes(FIRST_PASSWORD_ITERATIONS));
    Path file = dataDir.resolve(FILE);
    if (Files.exists(file)) {
      return file;
    }
    try {
      logins.get(systemAccountNumber, User.ADMIN);
      return file; // the admin has a password already (set through IAM, or by another front end)
    } catch (DomainException e) {
      // none yet: make one
    }
    String password = password(20);
    try {
      logins.create(systemAccountNumber, User.ADMIN, password);
    } catch (AlreadyExistsException e) {
      return file; // another front end made it a moment ago
    } catch (DomainException | PasswordPolicyException e) {
      throw new IllegalStateException("cannot give the admin a console password: " + e.getMessage(), e);
    }
    try {
      Path tmp = file.resolveSibling(FILE + ".tmp");
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(tmp);
      }
      Files.writeString(tmp, password + "\n");
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
    }
    LOG.info("the console's administrator ({} / {}) signs in first with the password in {}", Account.SYSTEM_ACCOUNT,
        User.ADMIN, file);
    return file;
  }

  static String password(int length) {
    SecureRandom r = new SecureRandom();
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }
}

package org.eucalyptus.testfixtures;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tag {@code unit}: opens no socket (not even on loopback), needs no root, no database server, no
 * libvirt and no guest. It may use the embedded H2 database in a temporary directory, files, threads
 * and short child processes that need no privilege (CommandRunner running {@code sleep}, {@code openssl}).
 * One of the four test tiers (docs/ARCHITECTURE.md, "Testing"); every test class carries exactly one,
 * the most demanding its tests need, and {@code tools/run-tests --fast} runs only {@code unit}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("unit")
public @interface UnitTest {}

package org.eucalyptus.testfixtures;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tag {@code integration}: talks over sockets to servers it starts on loopback (our components,
 * in-process or as child JVMs; real clients such as the AWS SDK, boto, s3cmd), to the local
 * PostgreSQL ({@code euca.test.db=postgresql}, {@code TestPostgres}), or to libvirt's test driver.
 * Needs no root: skips with a reason where a part is missing, and fails under CI=true.
 * One of the four test tiers (docs/ARCHITECTURE.md, "Testing"); every test class carries exactly one,
 * the most demanding its tests need, and {@code tools/run-tests --fast} runs only {@code unit}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("integration")
public @interface IntegrationTest {}

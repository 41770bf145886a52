package org.eucalyptus.testfixtures;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tag {@code qemu}: boots real guests (the tiny test guest under QEMU, through libvirt's QEMU
 * driver); slow, and usually root as well. Skips with a reason without QEMU, and fails under CI=true.
 * One of the four test tiers (docs/ARCHITECTURE.md, "Testing"); every test class carries exactly one,
 * the most demanding its tests need, and {@code tools/run-tests --fast} runs only {@code unit}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("qemu")
public @interface QemuTest {}

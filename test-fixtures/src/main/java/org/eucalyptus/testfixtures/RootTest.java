package org.eucalyptus.testfixtures;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Tag {@code root}: changes the host as root: network namespaces ({@code NetworkNamespaces}), veth
 * pairs and bridges, iptables, dnsmasq, mounts, a libvirt daemon. Skips with a reason as another user,
 * and fails under CI=true.
 * One of the four test tiers (docs/ARCHITECTURE.md, "Testing"); every test class carries exactly one,
 * the most demanding its tests need, and {@code tools/run-tests --fast} runs only {@code unit}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("root")
public @interface RootTest {}

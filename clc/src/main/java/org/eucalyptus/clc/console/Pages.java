package org.eucalyptus.clc.console;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders the console's pages from the Mustache templates under {@code console/} on the class path.
 * Mustache escapes every {@code {{value}}} for HTML, so a name a user chose (a tag, a key pair's name,
 * a group's description) is text on every page whatever it holds; no template uses the unescaped form.
 */
final class Pages {
  private static final Map<String, String> TITLES = Map.ofEntries(
      Map.entry("signin", "Sign in"),
      Map.entry("dashboard", "Dashboard"),
      Map.entry("instances", "Instances"),
      Map.entry("output", "Console output"),
      Map.entry("keypairs", "Key pairs"),
      Map.entry("credentials", "Credentials"),
      Map.entry("error", "Not done"),
      Map.entry("users", "Users"),
      Map.entry("user", "User"),
      Map.entry("accounts", "Accounts"),
      Map.entry("services", "Services"),
      Map.entry("groups", "Security groups"),
      Map.entry("addresses", "Addresses"),
      Map.entry("volumes", "Volumes"),
      Map.entry("images", "Images"),
      Map.entry("reports", "Usage reports"),
      Map.entry("buckets", "Buckets"),
      Map.entry("bucket", "Bucket"),
      Map.entry("iamgroups", "Groups"),
      Map.entry("iamgroup", "Group"),
      Map.entry("account", "Account"),
      Map.entry("properties", "Properties"),
      Map.entry("vmtypes", "VM types"));

  private final DefaultMustacheFactory templates = new DefaultMustacheFactory("console");

  /** The page {@code name} with {@code model}, and the layout's own values for {@code r}'s session. */
  byte[] render(String name, ConsoleRequest r, Map<String, Object> model) {
    Map<String, Object> all = new HashMap<>(model);
    all.putIfAbsent("title", TITLES.getOrDefault(name, "Console"));
    if (r != null) {
      all.put("csrf", r.session().csrf());
      all.put("accountName", r.caller().accountName());
      all.put("accountNumber", r.caller().accountNumber());
      all.put("userName", r.caller().userName());
      all.put("administrator", r.caller().admin() || r.caller().accountAdmin());
      all.put("cloudAdministrator", r.caller().admin());
      ConsoleSessions.Flash flash = r.session().takeFlash();
      if (flash != null) {
        all.put("flash", flash.message());
        all.put("flashClass", flash.error() ? "flash error" : "flash");
      }
      all.put("nav-" + (r.page().equals("/") ? "dashboard" : r.page().substring(1).split("[/.]")[0]), true);
    }
    Mustache m = templates.compile(name + ".mustache");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
      m.execute(w, all);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}

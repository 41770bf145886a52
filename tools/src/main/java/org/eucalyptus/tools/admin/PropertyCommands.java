package org.eucalyptus.tools.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** euca-admin's cloud property commands: describe-properties, modify-property. */
final class PropertyCommands {
  private PropertyCommands() {}

  @Command(name = "describe-properties", mixinStandardHelpOptions = true,
      description = "List cloud properties (those starting with the given prefixes, or all).")
  static final class DescribeProperties implements Callable<Integer> {
    @CommandLine.Mixin EucaAdmin.Credentials credentials = new EucaAdmin.Credentials();

    @CommandLine.Parameters(arity = "0..*", description = "property names or prefixes")
    List<String> prefixes = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
      Map<String, String> p = new LinkedHashMap<>();
      for (int i = 0; i < prefixes.size(); i++) {
        p.put("Property." + (i + 1), prefixes.get(i));
      }
      String resp = credentials.client().forService("/services/Properties").call("DescribeProperties", p);
      List<String> names = Ec2QueryClient.elements(resp, "name");
      List<String> values = Ec2QueryClient.elements(resp, "value");
      for (int i = 0; i < names.size(); i++) {
        System.out.println("PROPERTY\t" + names.get(i) + "\t" + values.get(i));
      }
      return 0;
    }
  }

  @Command(name = "modify-property", mixinStandardHelpOptions = true,
      description = "Change a cloud property (-p NAME=VALUE) or reset it to its default (-r NAME).")
  static final class ModifyProperty implements Callable<Integer> {
    @CommandLine.Mixin EucaAdmin.Credentials credentials = new EucaAdmin.Credentials();

    @CommandLine.ArgGroup(multiplicity = "1")
    Change change;

    static final class Change {
      @Option(names = {"-p", "--property"}, description = "NAME=VALUE") String set;
      @Option(names = {"-r", "--reset"}, description = "NAME") String reset;
    }

    @Override
    public Integer call() throws Exception {
      Map<String, String> p = new LinkedHashMap<>();
      if (change.set != null) {
        int eq = change.set.indexOf('=');
        if (eq <= 0) {
          System.err.println("euca-admin: -p takes NAME=VALUE");
          return 2;
        }
        p.put("Name", change.set.substring(0, eq));
        p.put("Value", change.set.substring(eq + 1));
      } else {
        p.put("Name", change.reset);
        p.put("Reset", "true");
      }
      String resp = credentials.client().forService("/services/Properties").call("ModifyPropertyValue", p);
      System.out.println("PROPERTY\t" + Ec2QueryClient.element(resp, "name") + "\t"
          + Ec2QueryClient.element(resp, "value") + " was " + Ec2QueryClient.element(resp, "oldValue"));
      return 0;
    }
  }
}

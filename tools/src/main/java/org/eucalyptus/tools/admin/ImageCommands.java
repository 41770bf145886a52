package org.eucalyptus.tools.admin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** euca-admin's image and instance type commands: register-image, modify-instance-type. */
final class ImageCommands {
  private ImageCommands() {}

  @Command(name = "register-image", mixinStandardHelpOptions = true,
      description = "Register a machine image from a file the nodes can read; prints its emi- id.")
  static final class RegisterImage implements Callable<Integer> {
    @CommandLine.Mixin EucaAdmin.Credentials credentials = new EucaAdmin.Credentials();

    @Option(names = {"-f", "--file"}, required = true, description = "image file")
    Path file;

    @Option(names = {"-n", "--name"}, description = "image name (default: the file's name)")
    String name;

    @Option(names = "--kernel", description = "eki- id of the kernel")
    String kernel;

    @Option(names = "--ramdisk", description = "eri- id of the ramdisk")
    String ramdisk;

    @Override
    public Integer call() throws Exception {
      if (!Files.isReadable(file)) {
        System.err.println("euca-admin: cannot read " + file);
        return 1;
      }
      Map<String, String> p = new LinkedHashMap<>();
      p.put("ImageLocation", file.toAbsolutePath().toUri().toString());
      p.put("Name", name != null ? name : file.getFileName().toString());
      if (kernel != null) {
        p.put("KernelId", kernel);
      }
      if (ramdisk != null) {
        p.put("RamdiskId", ramdisk);
      }
      String resp = credentials.client().call("RegisterImage", p);
      System.out.println("IMAGE\t" + Ec2QueryClient.element(resp, "imageId"));
      return 0;
    }
  }

  @Command(name = "modify-instance-type", mixinStandardHelpOptions = true,
      description = "Change an instance type's cores, memory (MB) or disk (GB), or reset it to its default.")
  static final class ModifyInstanceType implements Callable<Integer> {
    @CommandLine.Mixin EucaAdmin.Credentials credentials = new EucaAdmin.Credentials();

    @CommandLine.Parameters(index = "0", description = "instance type, e.g. m1.small")
    String name;

    @Option(names = {"-c", "--cpus"}) Integer cpus;
    @Option(names = {"-m", "--memory"}, description = "MB") Integer memory;
    @Option(names = {"-d", "--disk"}, description = "GB") Integer disk;
    @Option(names = "--reset") boolean reset;

    @Override
    public Integer call() throws Exception {
      Map<String, String> p = new LinkedHashMap<>();
      p.put("Name", name);
      if (cpus != null) {
        p.put("Cpu", cpus.toString());
      }
      if (memory != null) {
        p.put("Memory", memory.toString());
      }
      if (disk != null) {
        p.put("Disk", disk.toString());
      }
      if (reset) {
        p.put("Reset", "true");
      }
      String resp = credentials.client().call("ModifyInstanceTypeAttribute", p);
      org.w3c.dom.Element type = Ec2QueryClient.blocks(resp, "instanceType").get(0);
      System.out.println("INSTANCETYPE\t" + Ec2QueryClient.element(type, "name") + "\t"
          + Ec2QueryClient.element(type, "cpu") + "\t" + Ec2QueryClient.element(type, "memory") + "\t"
          + Ec2QueryClient.element(type, "disk"));
      return 0;
    }
  }
}

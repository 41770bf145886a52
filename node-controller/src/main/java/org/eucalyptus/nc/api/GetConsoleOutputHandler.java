package org.eucalyptus.nc.api;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.util.Base64;
import org.eucalyptus.nc.instances.InstanceTable;
import org.eucalyptus.nc.instances.NcInstance;
import org.eucalyptus.wsdl.nc.NcGetConsoleOutput;
import org.eucalyptus.wsdl.nc.NcGetConsoleOutputResponse;

/** The last 64 KiB of the instance's serial console, base64-encoded. */
final class GetConsoleOutputHandler {
  static final int TAIL_BYTES = 64 * 1024;

  private final InstanceTable table;

  GetConsoleOutputHandler(InstanceTable table) {
    this.table = table;
  }

  NcGetConsoleOutputResponse handle(NcGetConsoleOutput req) throws NcException, IOException {
    NcInstance inst = table.find(req.getInstanceId()).orElseThrow(() -> NcException.notFound(req.getInstanceId()));
    byte[] tail = new byte[0];
    if (Files.exists(inst.consoleLog())) {
      try (RandomAccessFile f = new RandomAccessFile(inst.consoleLog().toFile(), "r")) {
        long len = f.length();
        int n = (int) Math.min(len, TAIL_BYTES);
        tail = new byte[n];
        f.seek(len - n);
        f.readFully(tail);
      }
    }
    NcGetConsoleOutputResponse resp = new NcGetConsoleOutputResponse();
    resp.setConsoleOutput(Base64.getEncoder().encodeToString(tail));
    resp.setReturn(true);
    return resp;
  }
}

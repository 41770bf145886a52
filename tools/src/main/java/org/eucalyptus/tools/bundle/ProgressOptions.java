package org.eucalyptus.tools.bundle;

import picocli.CommandLine.Option;

/** euca2ools' --progress / --no-progress: by default a bar only when standard error is a terminal. */
final class ProgressOptions {
  @Option(names = "--progress", description = "show a progress bar (the default when standard error is a terminal)")
  void progress(boolean on) {
    wanted = on ? Boolean.TRUE : wanted;
  }

  @Option(names = "--no-progress", description = "show no progress bar (the default otherwise)")
  void noProgress(boolean on) {
    wanted = on ? Boolean.FALSE : wanted;
  }

  private Boolean wanted;

  ProgressBar bar(String label, long total) {
    return ProgressBar.onStderr(label, total, wanted);
  }
}

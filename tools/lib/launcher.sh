# Shared by the start scripts: where the installation (or the source checkout) is, building a
# checkout when needed, and running a main class.
# shellcheck shell=bash

# An installed distribution ($EUCALYPTUS/lib/launcher.sh, jars in $EUCALYPTUS/lib/eucalyptus) or a
# source checkout (tools/lib/launcher.sh, jars in tools/target/lib once built).
EUCA_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
if [ -d "$EUCA_HERE/lib/eucalyptus" ]; then
  EUCA_INSTALLED=1
  EUCA_HOME=$EUCA_HERE
  EUCA_LIB="$EUCA_HOME/lib/eucalyptus"
  EUCA_DEFAULT_LOG_CONF="$EUCA_HOME/etc/eucalyptus/log4j2.xml"
  # The components find eucalyptus.conf and their default directories under $EUCALYPTUS.
  export EUCALYPTUS="${EUCALYPTUS:-$EUCA_HOME}"
else
  EUCA_INSTALLED=0
  EUCA_SRC=$(cd "$EUCA_HERE/.." && pwd -P)
  EUCA_LIB="$EUCA_SRC/tools/target/lib"
  EUCA_DEFAULT_LOG_CONF="$EUCA_SRC/etc/log4j2.xml"
fi

# Builds the components (without running the tests) if a checkout has not been built yet.
euca_ensure_built() {
  [ "$EUCA_INSTALLED" = 1 ] && return 0
  if ! ls "$EUCA_SRC"/tools/target/eucalyptus-tools-*.jar >/dev/null 2>&1 || [ ! -d "$EUCA_LIB" ]; then
    command -v mvn >/dev/null || { echo "Maven (mvn) is needed to build; apt-get install maven" >&2; return 1; }
    echo "Building (first run; about a minute) ..." >&2
    (cd "$EUCA_SRC" && mvn -B -q -DskipTests install) >&2 || { echo "build failed" >&2; return 1; }
  fi
}

euca_classpath() {
  if [ "$EUCA_INSTALLED" = 1 ]; then
    echo "$EUCA_LIB/*"
    return
  fi
  local jar
  jar=$(ls "$EUCA_SRC"/tools/target/eucalyptus-tools-*.jar | head -1)
  echo "$jar:$EUCA_LIB/*"
}

# The common pool's size: the JVM's own (cores - 1), but never below 2.
common_pool_size() {
  local cores
  cores=$(nproc 2>/dev/null || echo 2)
  echo $(( cores - 1 < 2 ? 2 : cores - 1 ))
}

# euca_java COMPONENT HEAP MAINCLASS ARGS... : runs a component's JVM in the foreground.
# The serial collector: on small hosts (the 2-core test machines) it costs less memory than G1.
# Every component compiles with C2 (the JVM's default tiers): the JDK's crypto is fast only in C2's
# intrinsics, and every component spends on it: RSA for WS-Security and enrolment (a signature: 7 ms
# under C1, 0.9 ms under C2), AES and SHA-1 when Walrus decrypts a bundle for a node (C1 53 MB/s, C2
# 500), HMAC-SHA256 for each signed request, MD5 for each object stored, and TLS on 8443. The CLC's
# own answers are no slower for it on the 2-core test machines (bench/describe-instances, 1,000 listed:
# 424 req/s C1-only, 419 with C2). The short-lived command-line tools stay C1-only: they end before C2
# would pay off. EUCA_JAVA_OPTS adds or overrides.
# The common fork-join pool gets at least 2 threads: with fewer (a 2-core host gives it 1), every
# CompletableFuture stage run "async" without an executor gets a new thread of its own, as the JDK's
# HTTP client does with each answer (the CC's calls to its nodes: 5,000 threads made and ended in a
# two-minute bench/scale at 100 nodes).
euca_java() {
  local component=$1 heap=$2 main=$3; shift 3
  # shellcheck disable=SC2086
  exec java -Xmx"$heap" -XX:+UseSerialGC -Djava.util.concurrent.ForkJoinPool.common.parallelism="$(common_pool_size)" \
    ${EUCA_JAVA_OPTS:-} \
    -Deuca.component="$component" -Deuca.log.dir="${EUCA_LOG_DIR:-.}" \
    -Dlog4j2.configurationFile="${EUCA_LOG_CONF:-$EUCA_DEFAULT_LOG_CONF}" \
    -cp "$(euca_classpath)" "$main" "$@"
}

# Shared by the start scripts: where the checkout is, building it when needed, and running a main class.
# shellcheck shell=bash

EUCA_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
EUCA_LIB="$EUCA_SRC/tools/target/lib"

# Builds the components (without running the tests) if they have not been built yet.
euca_ensure_built() {
  if ! ls "$EUCA_SRC"/tools/target/eucalyptus-tools-*.jar >/dev/null 2>&1 || [ ! -d "$EUCA_LIB" ]; then
    command -v mvn >/dev/null || { echo "Maven (mvn) is needed to build; apt-get install maven" >&2; return 1; }
    echo "Building (first run; about a minute) ..." >&2
    (cd "$EUCA_SRC" && mvn -B -q -DskipTests install) >&2 || { echo "build failed" >&2; return 1; }
  fi
}

euca_classpath() {
  local jar
  jar=$(ls "$EUCA_SRC"/tools/target/eucalyptus-tools-*.jar | head -1)
  echo "$jar:$EUCA_LIB/*"
}

# euca_java COMPONENT HEAP MAINCLASS ARGS... : runs a component's JVM in the foreground.
# C1-only compilation and the serial collector: on small hosts (the 2-core test machines) they gave
# lower latency and ~15% less memory than the default tiered C2 in bench/run-instances.
# EUCA_JAVA_OPTS adds or overrides options.
euca_java() {
  local component=$1 heap=$2 main=$3; shift 3
  # shellcheck disable=SC2086
  exec java -Xmx"$heap" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 ${EUCA_JAVA_OPTS:-} \
    -Deuca.component="$component" -Deuca.log.dir="${EUCA_LOG_DIR:-.}" \
    -Dlog4j2.configurationFile="${EUCA_LOG_CONF:-$EUCA_SRC/etc/log4j2.xml}" \
    -cp "$(euca_classpath)" "$main" "$@"
}

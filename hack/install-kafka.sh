#!/usr/bin/env bash
# A real Kafka broker for the tests that prove the rendered KRaft configuration
# (tests/test_kafka_broker.py): the apache/kafka image's own release, Kafka 4.1.0, as jars
# from Maven Central (no container runtime here), run by the machine's OpenJDK 17.
#
#   hack/kafka/jars.txt   the pinned runtime closure: group:artifact:version and the jar's
#                         sha256, one a line. org.apache.kafka:kafka_2.13 (the server,
#                         kafka.Kafka), org.apache.kafka:kafka-tools (storage format, topics,
#                         configs, console producer and consumer) and the log4j 2 binding.
#   hack/kafka/pom.xml    the same roots for Maven; `hack/install-kafka.sh resolve` re-reads
#                         the POMs with `mvn dependency:list` and rewrites jars.txt (checked
#                         against Maven Central's .sha1 files).
#
#   hack/install-kafka.sh          # install into $CACHE/kafka/4.1.0/libs (cached: a second run
#                                  # checks the stamp and only re-links bin/kafka-java)
#   hack/install-kafka.sh --list   # print what is installed
#   hack/install-kafka.sh resolve  # regenerate hack/kafka/jars.txt (needs mvn)
#
# bin/kafka-java runs a class with the jars on the class path (JVM options first):
#   bin/kafka-java -Xmx256m kafka.Kafka server.properties
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${RSVG_TOOLS_CACHE:-$HOME/.cache/realtime-svg-packaging}
VERSION=4.1.0
CENTRAL=${MAVEN_CENTRAL:-https://repo1.maven.org/maven2}
LIST=$ROOT/hack/kafka/jars.txt
DIR=$CACHE/kafka/$VERSION

jar_url() {  # group:artifact:version -> its jar on Maven Central
  local g a v
  IFS=: read -r g a v <<<"$1"
  echo "$CENTRAL/${g//.//}/$a/$v/$a-$v.jar"
}

if [[ ${1:-} == --list ]]; then
  [[ -f $DIR/.stamp ]] && echo "kafka=$VERSION ($(ls "$DIR/libs" | wc -l) jars)"
  exit 0
fi

if [[ ${1:-} == resolve ]]; then
  command -v mvn >/dev/null || { echo "resolve: needs mvn (apt-get install maven)" >&2; exit 1; }
  repo=$(mktemp -d)
  trap 'rm -rf "$repo"' EXIT
  (cd "$ROOT/hack/kafka" && mvn -q -B -Dstyle.color=never -Dmaven.repo.local="$repo/m2" dependency:list \
     -DincludeScope=runtime -DoutputFile="$repo/deps.txt" >/dev/null)
  {
    echo "# Kafka $VERSION's runtime jars from Maven Central: hack/install-kafka.sh resolve (mvn dependency:list of hack/kafka/pom.xml)"
    grep -E '^ +[^ ]+:jar:' "$repo/deps.txt" | sed -E 's/^ +//' | sort | while IFS=: read -r g a _ v _; do
      coord=$g:$a:$v
      file=$repo/m2/${g//.//}/$a/$v/$a-$v.jar
      sha1=$(curl -fsS "$(jar_url "$coord").sha1" | awk '{print $1}')
      [[ $(sha1sum "$file" | awk '{print $1}') == "$sha1" ]] || { echo "resolve: $coord: sha1 differs from Maven Central's" >&2; exit 1; }
      echo "$coord $(sha256sum "$file" | awk '{print $1}')"
    done
  } >"$LIST.tmp"
  mv "$LIST.tmp" "$LIST"
  echo "resolve: $(grep -vc '^#' "$LIST") jars in $LIST"
  exit 0
fi

stamp=$(sha256sum "$LIST" | awk '{print $1}')
if [[ -f $DIR/.stamp && $(cat "$DIR/.stamp") == "$stamp" ]]; then
  echo "tools: kafka $VERSION (cached in $CACHE)"
else
  mkdir -p "$(dirname "$DIR")"
  work=$(mktemp -d "$(dirname "$DIR")/.install.XXXXXX")  # beside it: the final mv is a rename
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/libs"
  while read -r coord sum; do
    [[ -z $coord || $coord == \#* ]] && continue
    IFS=: read -r _ a v <<<"$coord"
    file=$work/libs/$a-$v.jar
    # a jar already in the cache with the pinned checksum is not fetched again
    if [[ -f $DIR/libs/$a-$v.jar ]] && echo "$sum  $DIR/libs/$a-$v.jar" | sha256sum -c --quiet - 2>/dev/null; then
      cp "$DIR/libs/$a-$v.jar" "$file"
    else
      curl -fsSL --retry 3 -o "$file" "$(jar_url "$coord")"
    fi
    echo "$sum  $file" | sha256sum -c --quiet - || { echo "tools: $coord: sha256 differs from hack/kafka/jars.txt" >&2; exit 1; }
  done <"$LIST"
  echo "$stamp" >"$work/.stamp"
  rm -rf "$DIR" && mv "$work" "$DIR"
  trap - EXIT
  echo "tools: installed kafka $VERSION ($(ls "$DIR/libs" | wc -l) jars from Maven Central) in $DIR"
fi

command -v java >/dev/null || echo "tools: warning: no java on PATH (Debian: apt-get install openjdk-17-jre-headless)" >&2
mkdir -p "$ROOT/bin"
cat >"$ROOT/bin/kafka-java.tmp" <<WRAPPER
#!/usr/bin/env bash
# Kafka $VERSION's jars (hack/install-kafka.sh) on the class path: kafka-java [JVM options] <main class> <args>
exec java -cp "$DIR/libs/*" "\$@"
WRAPPER
chmod +x "$ROOT/bin/kafka-java.tmp" && mv "$ROOT/bin/kafka-java.tmp" "$ROOT/bin/kafka-java"

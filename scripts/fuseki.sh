#!/usr/bin/env bash
# Get Apache Jena Fuseki (jena-fuseki-main and the jars it runs with) from the Maven registry
# into a cache folder, for the tests that use Fuseki as a second real SPARQL server
# (tests/test_server_fuseki.py; docs/server-and-scale.md, "Apache Jena Fuseki").
#
#   usage: scripts/fuseki.sh        prints the folder and exits 0 once Fuseki is there
#
# Folder: $ZORGAKKOORDEN_FUSEKI_HOME, else .cache/fuseki-VERSION in the repository (ignored
# by git). Maven checks every file it downloads against the registry's checksum and fails
# on a mismatch (--strict-checksums); the script then writes SHA256SUMS over the jars, and
# a later run that finds them unchanged downloads nothing. Exit 3: Java, mvn or the
# registry is missing, or mvn took longer than FUSEKI_FETCH_TIMEOUT seconds (900); the
# Fuseki tests then skip and say why.
set -euo pipefail
cd "$(dirname "$0")/.."

# Fuseki 5.6.0 is the newest that runs on Java 17; 6.x needs Java 21 or newer.
version="${FUSEKI_VERSION:-5.6.0}"
home="${ZORGAKKOORDEN_FUSEKI_HOME:-$PWD/.cache/fuseki-$version}"

if [ -s "$home/SHA256SUMS" ] && (cd "$home" && sha256sum --quiet --check SHA256SUMS) >/dev/null 2>&1; then
    echo "$home"
    exit 0
fi
if ! command -v java >/dev/null; then
    echo "fuseki.sh: Java is not installed (Fuseki $version needs Java 17): apt-get install openjdk-17-jre-headless" >&2
    exit 3
fi
if ! command -v mvn >/dev/null; then
    echo "fuseki.sh: Maven's client mvn is not installed: apt-get install maven" >&2
    exit 3
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>zorgakkoorden.local</groupId>
  <artifactId>fuseki-jars</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.jena</groupId>
      <artifactId>jena-fuseki-main</artifactId>
      <version>$version</version>
    </dependency>
  </dependencies>
</project>
EOF
echo "==> getting Apache Jena Fuseki $version (jena-fuseki-main and its jars) from the Maven registry" >&2
if ! timeout "${FUSEKI_FETCH_TIMEOUT:-900}" mvn -B -q -Dstyle.color=never --strict-checksums -f "$work/pom.xml" \
        org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$work/lib" >"$work/mvn.log" 2>&1; then
    echo "fuseki.sh: could not get Fuseki $version from the Maven registry; mvn said:" >&2
    plain="$(sed 's/\x1b\[[0-9;]*m//g' "$work/mvn.log")"
    # the cause first (registry out of reach, a checksum that does not match), else mvn's first error
    grep -o -m1 -iE 'Unknown host [^ :]+|Connect(ion)? (timed out|refused)[^:]*|checksum (validation )?failed[^:]*' <<<"$plain" >&2 \
        || grep -m1 -E '^\[ERROR\] [^ ]' <<<"$plain" | cut -c1-600 >&2 || tail -3 <<<"$plain" >&2
    exit 3
fi
if ! ls "$work/lib/jena-fuseki-main-$version.jar" >/dev/null 2>&1; then
    echo "fuseki.sh: Maven finished but jena-fuseki-main-$version.jar is not among the jars" >&2
    exit 3
fi
rm -rf "$home"
mkdir -p "$(dirname "$home")"
mkdir "$home"
mv "$work/lib" "$home/lib"
(cd "$home" && sha256sum lib/*.jar >SHA256SUMS)
echo "==> Fuseki $version: $(ls "$home/lib" | wc -l) jars in $home" >&2
echo "$home"

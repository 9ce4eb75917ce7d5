# Sourced by run.sh and pacing.sh, from the project root. jar_bench MAIN FILE...: compiles FILE... (bench/*.java)
# against target/classes and the runtime class path (MVN_OPTS=-o resolves it offline), then runs class MAIN with
# a temporary directory (removed on exit), the built jar and that class path as its arguments.
jar_bench() {
    local main=$1
    shift
    local jar=target/tms-provisioner.jar
    [[ -f $jar && -d target/classes ]] || { echo "$jar is missing: run ./mvnw -B -q package -DskipTests first" >&2; exit 2; }
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    ./mvnw -B -q ${MVN_OPTS:-} dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$tmp/cp.txt" >&2
    local cp
    cp="target/classes:$(cat "$tmp/cp.txt")"
    javac -d "$tmp/classes" -cp "$cp" "$@"
    java -cp "$tmp/classes:$cp" "$main" "$tmp" "$jar" "$tmp/classes:$cp"
}

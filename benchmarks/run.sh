#!/usr/bin/env bash
# Runs Spore's JMH suite and writes, into benchmarks/results/MODE-TIMESTAMP/, the JMH JSON, results.md (every figure,
# and the headline ones as ratios to the bare-Aeron baseline of the same run, beside the issues' targets) and
# chart.png.
#
#   benchmarks/run.sh quick   the headline figures, short iterations: under 5 minutes on a 2-core machine
#   benchmarks/run.sh full    every benchmark and parameter, longer iterations: about forty minutes
#   benchmarks/run.sh smoke   every benchmark once, one short iteration: proves the suite runs (CI); numbers meaningless
#   benchmarks/run.sh separate  node B in its own process beside bare Aeron across two processes, and the in-JVM
#                               figures of the same payloads (sealed) in the same run: about 17 minutes
#
# Builds benchmarks/target/benchmarks.jar first when it is missing (SPORE_REBUILD=1 forces it). Extra arguments after
# the mode go to every JMH invocation (for example -jvmArgsPrepend -Dspore.bench.idleStrategy=yield).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
mode="${1:-}"
case "$mode" in
  quick|full|smoke|separate) shift ;;
  *) echo "usage: benchmarks/run.sh quick|full|smoke|separate [JMH options...]" >&2; exit 2 ;;
esac

jar="$here/target/benchmarks.jar"
if [[ ! -f "$jar" || "${SPORE_REBUILD:-0}" == 1 ]]; then
  echo "building $jar ..."
  (cd "$root" && mvn -q -B -DskipTests -pl benchmarks -am package)
fi

out="$here/results/$mode-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
# The same opens the forks get (Agrona reaches jdk.internal.misc), for the report and for JMH's host JVM.
java_opts=(--add-opens java.base/jdk.internal.misc=ALL-UNNAMED --add-opens java.base/java.util.zip=ALL-UNNAMED)
runs=0

# jmh NAME [JMH arguments...]: one JMH invocation, its JSON written as NAME.json in the results folder.
jmh() {
  local name="$1"; shift
  runs=$((runs + 1))
  echo "== $name: $*"
  # The load when each group starts, kept with the results: other work on the machine moves every figure.
  echo "$name $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
  java "${java_opts[@]}" -jar "$jar" "$@" -prof gc -rf json -rff "$out/$name.json" "${extra[@]}"
}

extra=("$@")
# The separate-process benchmarks start node B from the built distribution (mvn -DskipTests -pl distribution -am
# package); without one, smoke and full leave them out.
separate=()
if [[ ! -x "$root/distribution/target/spore/bin/spore" ]]; then
  echo "no distribution at $root/distribution/target/spore: the Separate* benchmarks are left out" >&2
  separate=(-e 'Separate')
fi
case "$mode" in
  smoke)
    jmh all -f 1 -wi 0 -i 1 -r 200ms -p payload=string,bytes4096 -p value=string,record \
      -p placement=oneToOne,manyToMany -p args=three -p env=on -p listedNodes=1000 -p cipher=AES/GCM/NoPadding \
      -p size=32 -p wireSecurity=sealed "${separate[@]}"
    ;;
  quick)
    common=(-f 1 -wi 1 -w 2s -i 2 -r 2s)
    jmh local 'SpawnBenchmark.spawnExitInInit|SendBenchmark.(sendOneToOne|callRoundTrip)' "${common[@]}"
    jmh latency 'RemotePingPongBenchmark|BareAeronBaselineBenchmark.pingPong' -p payload=string "${common[@]}"
    jmh throughput 'RemoteThroughputBenchmark|BareAeronBaselineBenchmark.oneWay' -p payload=bytes32,bytes256 \
      "${common[@]}"
    jmh spawn 'RemoteSpawnBenchmark|SpawnAccessCheckBenchmark' "${common[@]}"
    jmh spawn-matrix 'RemoteSpawnMatrixBenchmark' -p placement=oneToOne,manyToMany -p args=none -p env=off \
      "${common[@]}"
    jmh codec 'CodecBenchmark' -p value=string,record -f 1 -wi 1 -w 1s -i 2 -r 1s
    jmh restart 'TimerBenchmark.scheduleAndCancel|\.(RestartBenchmark|RemoteRestartBenchmark)\.' "${common[@]}"
    ;;
  full)
    common=(-f 1 -wi 3 -w 3s -i 5 -r 3s)
    jmh local '\.(SpawnBenchmark|SendBenchmark|TimerBenchmark)\.' "${common[@]}"
    jmh footprint 'IdleProcessFootprintBenchmark'
    jmh latency 'RemotePingPongBenchmark|BareAeronBaselineBenchmark.pingPong' "${common[@]}"
    jmh throughput 'RemoteThroughputBenchmark|BareAeronBaselineBenchmark.oneWay' "${common[@]}"
    jmh spawn 'RemoteSpawnBenchmark|SpawnAccessCheckBenchmark' "${common[@]}"
    jmh spawn-matrix 'RemoteSpawnMatrixBenchmark' -f 1 -wi 2 -w 2s -i 3 -r 2s
    jmh codec 'CodecBenchmark' -f 1 -wi 2 -w 2s -i 3 -r 2s
    jmh restart '\.(RestartBenchmark|RemoteRestartBenchmark)\.' "${common[@]}"
    # A call while a 50 MiB message is on its way, and bare Aeron's ping-pong beside a 50 MiB stream (its floor).
    jmh large 'LargeMessageBenchmark|BareAeronLargeStreamBenchmark' -f 1 -wi 1 -w 5s -i 3 -r 5s
    # Node B as a process of its own, started from the distribution, beside bare Aeron across two processes.
    # Node B's JVM is new in every trial and warms up only on the trial's own traffic: a longer warm-up.
    if [[ ${#separate[@]} -eq 0 ]]; then
      jmh separate-latency 'SeparatePingPongBenchmark|SeparateBareAeronBenchmark.pingPong|SeparateSpawnBenchmark' \
        -p payload=string,bytes256 -f 1 -wi 5 -w 4s -i 5 -r 3s
      jmh separate-throughput 'SeparateThroughputBenchmark|SeparateBareAeronBenchmark.oneWay' \
        -p payload=bytes32,bytes256 -f 1 -wi 5 -w 4s -i 5 -r 3s
    fi
    ;;
  separate)
    if [[ ${#separate[@]} -ne 0 ]]; then
      echo "run.sh separate needs the built distribution" >&2; exit 1
    fi
    # Node B's JVM is new in every trial and warms up only on the trial's own traffic (a few seconds were not
    # enough for pipelined spawns and sealed one-way on a loaded machine): 20 s of warm-up for those.
    common=(-f 1 -wi 3 -w 2s -i 5 -r 2s)
    jmh separate-latency 'SeparatePingPongBenchmark|SeparateBareAeronBenchmark.pingPong|SeparateSpawnBenchmark' \
      -p payload=string,bytes256 -f 1 -wi 5 -w 4s -i 5 -r 2s
    jmh separate-throughput 'SeparateThroughputBenchmark|SeparateBareAeronBenchmark.oneWay' \
      -p payload=bytes32,bytes256 -f 1 -wi 5 -w 4s -i 5 -r 2s
    jmh latency 'RemotePingPongBenchmark|BareAeronBaselineBenchmark.pingPong|RemoteSpawnBenchmark.roundTrip' \
      -p payload=string,bytes256 -p wireSecurity=sealed "${common[@]}"
    jmh throughput 'RemoteThroughputBenchmark|BareAeronBaselineBenchmark.oneWay' -p payload=bytes32,bytes256 \
      -p wireSecurity=sealed "${common[@]}"
    ;;
esac

java "${java_opts[@]}" -cp "$jar" io.spore.benchmarks.report.Report "Spore benchmarks ($mode)" "$out"/*.json
echo "results in $out"

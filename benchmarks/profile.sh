#!/usr/bin/env bash
# Where one benchmark's CPU goes, per thread (issue 19, part 3: "find where it goes").
#
# Runs the JMH benchmarks named by PATTERN once, in one fork, under async-profiler's CPU sampler, and prints for
# each fork's run: the score, each thread's share of all CPU samples (thread names with their numbers folded, so
# node b's workers count together), and the busiest leaf frames of the busiest threads. The raw profile (one
# collapsed stack per line, thread first) stays beside it for a flame graph or a closer look.
#
# async-profiler is not a dependency of Spore: the script fetches its jar (tools.profiler:async-profiler, a Maven
# Central artifact with the native library inside) into the local Maven repository once, and unpacks the library
# into benchmarks/target/. Linux on x86-64 only.
#
# Usage: benchmarks/profile.sh PATTERN [JMH options...]
#   e.g. benchmarks/profile.sh RemoteThroughputBenchmark.sendOneWay -p payload=bytes32 -p wireSecurity=sealed
# Environment: TOP_THREADS (default 4) and TOP_FRAMES (default 12): how much of the profile to print;
# PROFILE_RUN (default "-f 1 -wi 2 -w 2s -i 3 -r 3s"): JMH's fork and iteration options.
#
# What to keep in mind reading it: with no hardware counters (a VM), samples come from a timer and a stalled load
# is often charged to the first frame that uses its value, so a cheap accessor at the top of a list says "the time
# is spent around here", not "in this method"; move the code and see where the samples follow.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
if [[ $# -lt 1 ]]; then
  echo "usage: benchmarks/profile.sh PATTERN [JMH options...]" >&2
  exit 2
fi
pattern="$1"; shift
version=3.0
jar="$here/target/benchmarks.jar"
if [[ ! -f "$jar" ]]; then
  echo "no $jar: build it first (mvn -q -B -DskipTests install)" >&2
  exit 1
fi

lib="$here/target/async-profiler-$version/linux-x64/libasyncProfiler.so"
if [[ ! -f "$lib" ]]; then
  artifact="$HOME/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version-linux-x64.jar"
  if [[ ! -f "$artifact" ]]; then
    (cd "$root" && mvn -q -B dependency:get -Dartifact="tools.profiler:async-profiler:$version:jar:linux-x64")
  fi
  mkdir -p "$here/target/async-profiler-$version"
  (cd "$here/target/async-profiler-$version" && unzip -q -o "$artifact" 'linux-x64/*')
fi

out="$here/target/profile-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
read -r -a run <<< "${PROFILE_RUN:--f 1 -wi 2 -w 2s -i 3 -r 3s}"
# DebugNonSafepoints: the samples name the inlined method they fell in, not the nearest safepoint's.
java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED --add-opens java.base/java.util.zip=ALL-UNNAMED \
  -jar "$jar" "$pattern" "${run[@]}" "$@" \
  -jvmArgsAppend "-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints" \
  -prof "async:libPath=$lib;output=collapsed;threads=true;event=cpu;interval=1000000;dir=$out" \
  | tee "$out/jmh.txt" | grep -E '^(Benchmark|[A-Za-z]+Benchmark\.[A-Za-z]+ )' || true

for profile in "$out"/*/collapsed-cpu.csv; do
  [[ -f "$profile" ]] || { echo "no profile written: see $out/jmh.txt" >&2; exit 1; }
  echo
  echo "== $(basename "$(dirname "$profile")")"
  # A line is "[thread tid=N];frame;...;leaf COUNT". Threads by share, then the top leaf frames of the busiest.
  awk -v top_threads="${TOP_THREADS:-4}" -v top_frames="${TOP_FRAMES:-12}" '
    {
      count = $NF; stack = $0; sub(/ [0-9]+$/, "", stack)
      n = split(stack, frames, ";")
      thread = frames[1]; sub(/ tid=[0-9]+\]$/, "]", thread); gsub(/[0-9]+/, "N", thread)
      total += count; by_thread[thread] += count; by_leaf[thread SUBSEP frames[n]] += count
    }
    END {
      if (total == 0) { print "no samples"; exit }
      printf "%d samples, 1 ms of CPU each\n", total
      left = 0; for (t in by_thread) { order[t] = by_thread[t]; left++ }
      shown = 0
      while (shown < 12 && left > 0) {
        best = ""; for (t in order) if (best == "" || order[t] > order[best]) best = t
        printf "%6.1f%%  %s\n", 100 * order[best] / total, best
        ranked[++shown] = best; delete order[best]; left--
      }
      for (i = 1; i <= shown && i <= top_threads; i++) {
        t = ranked[i]
        printf "\n%s, its own top frames (%% of the thread):\n", t
        split("", leaves); left = 0
        for (k in by_leaf) { split(k, parts, SUBSEP); if (parts[1] == t) { leaves[parts[2]] = by_leaf[k]; left++ } }
        for (j = 0; j < top_frames && left > 0; j++) {
          best = ""; for (f in leaves) if (best == "" || leaves[f] > leaves[best]) best = f
          printf "%6.1f%%  %s\n", 100 * leaves[best] / by_thread[t], best
          delete leaves[best]; left--
        }
      }
    }' "$profile"
  echo "raw profile: $profile"
done

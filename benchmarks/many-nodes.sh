#!/usr/bin/env bash
# What a node costs as the number of its peers grows (issue 19, part 6).
#
# For each N given (default 2 4 8), starts N nodes from the built distribution on loopback, each a separate JVM
# (bin/spore node --shell, its shell read from a FIFO this script writes), has every node call every other node
# once (a call to a pid that does not exist: the peer's core answers at once, after the connection is made), and
# prints per N:
#   mesh_ms     time from the first call until every node has logged a connection to each of the others
#   shm_kib     /dev/shm per node: du of its embedded driver's folder (publications, images, cnc), mean and max
#   heap_kib    heap in use per node (jcmd PID GC.heap_info), mean and max
#   idle_cpu_%  CPU per node while the mesh is idle (heartbeats only) over IDLE_SECONDS, the scheduler's account of
#               its threads' time on a CPU (/proc/PID/task/*/schedstat), as a percentage of one core, mean and max
#   busy_shm_kib /dev/shm per node after a one-second stream: nodes in pairs (1 and 2, 3 and 4, ...) stream 1 KiB
#               messages to each other for BUSY_SECONDS, so each holds one busy peer (its publications and images
#               written through); du of the driver's folder, as above, mean and max (an odd last node sits out)
# and then a chart of each figure (the means) against N, one bar per N.
# Every node uses its own name service port and cookie (never the well-known 4370, so nodes already running on the
# machine are not disturbed) and only loopback. Bounded: each wait has a deadline, and every process started is
# stopped on exit (its shell's stdin closes, then SIGTERM, then SIGKILL) and its folders removed.
#
# Usage: benchmarks/many-nodes.sh [N ...]        (build first: mvn -o -q -B -DskipTests -pl distribution,benchmarks
#                                                 -am package)
# Environment: SPORE_HOME (default distribution/target/spore), BENCH_JAR (default benchmarks/target/benchmarks.jar:
# the receiver bundle with the streamer is written from it), IDLE_SECONDS (default 20), BUSY_SECONDS (default 1),
# SPORE_NODE_ARGS (extra options for every node, e.g. "--wire-security authenticated", "--term-length 4194304"),
# JAVA_OPTS (passed to the launcher), SETTLE_SECONDS (default 10: the mesh idles this long, while the JIT compilers
# finish with the start-up, before its CPU is measured), SHOW_THREADS=1 (also print the first node's busiest threads while idle).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
SPORE_HOME=${SPORE_HOME:-$here/../distribution/target/spore}
IDLE_SECONDS=${IDLE_SECONDS:-20}
SHOW_THREADS=${SHOW_THREADS:-0}
SETTLE_SECONDS=${SETTLE_SECONDS:-10}
BUSY_SECONDS=${BUSY_SECONDS:-1}
BENCH_JAR=${BENCH_JAR:-$here/target/benchmarks.jar}
STARTUP_SECONDS=30 # and 5 s more per node: N JVMs start at once on a machine with few cores
MESH_SECONDS=60
spore=$SPORE_HOME/bin/spore
[ -x "$spore" ] || { echo "many-nodes: no launcher at $spore; build the distribution first" >&2; exit 1; }
[ -f "$BENCH_JAR" ] || { echo "many-nodes: no benchmarks jar at $BENCH_JAR; build the benchmarks first" >&2; exit 1; }
[[ $BUSY_SECONDS =~ ^[1-9]$ ]] || { echo "many-nodes: BUSY_SECONDS must be 1 to 9, not $BUSY_SECONDS" >&2; exit 1; }
command -v jcmd >/dev/null || { echo "many-nodes: jcmd (from the JDK) is needed for the heap figures" >&2; exit 1; }
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(2 4 8)
for n in "${sizes[@]}"; do
    [[ $n =~ ^[0-9]+$ ]] && [ "$n" -ge 2 ] && [ "$n" -le 32 ] || { echo "many-nodes: N must be 2 to 32, not $n" >&2; exit 1; }
done

work=$(mktemp -d /tmp/spore-many-nodes.XXXXXX)
pids=()
fds=()
rows=()
cleanup() {
    local pid fd
    for fd in "${fds[@]}"; do exec {fd}>&-; done # each node's shell reads end of input and the node stops
    fds=()
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for _ in $(seq 1 100); do
        local alive=0
        for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ $alive = 0 ] && break
        sleep 0.1
    done
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    pids=()
}
trap 'cleanup; [ -n "${KEEP_WORK:-}" ] && echo "many-nodes: kept $work" >&2 || rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
java -cp "$BENCH_JAR" io.spore.benchmarks.ReceiverBundle "$work/receiver.jar"

# A TCP port nothing listens on, for this run's name service.
free_port() {
    local port
    for _ in $(seq 1 50); do
        port=$((20000 + RANDOM % 30000))
        if ! ss -Hltn "sport = :$port" | grep -q .; then echo "$port"; return; fi
    done
    echo "many-nodes: no free TCP port found" >&2; exit 1
}

# The folder of the embedded driver process $1 maps (the one holding its cnc.dat).
driver_dir() {
    awk '$NF ~ /\/cnc\.dat$/ {sub(/\/cnc\.dat$/, "", $NF); print $NF; exit}' "/proc/$1/maps" 2>/dev/null || true
}

# Threads' on-CPU time comes from the scheduler's own account (/proc/PID/task/TID/schedstat, first field, in ns).
# Not utime+stime, which the kernel samples once per clock tick (10 ms) and so charges a whole tick, or nothing, to a
# thread that runs for tens of microseconds at a time, as an idle node's threads do.

# One line per thread of process $1: "tid|name|on-CPU ns", sorted by tid (for join).
thread_ns() {
    for task in /proc/"$1"/task/*; do
        ns=$(cut -d' ' -f1 "$task/schedstat" 2>/dev/null)
        [ -n "$ns" ] && echo "${task##*/}|$(cat "$task/comm" 2>/dev/null)|$ns"
    done | sort -t '|' -k1,1
}

# The on-CPU ns of process $1 between snapshot file $2 (thread_ns) and now: per thread, so that a thread that ended
# meanwhile (the JVM ends idle compiler threads) does not take its whole lifetime off the sum; a new thread counts
# from its start. A thread that ended loses its share of the window only.
cpu_ns_since() {
    thread_ns "$1" | join -t '|' -a 1 -o 1.3,2.3 -e 0 - "$2" | awk -F'|' '{s += $1 - $2} END {printf "%.0f", s}'
}

heap_kib() {
    jcmd "$1" GC.heap_info 2>/dev/null | awk '/used/ {for (i = 1; i <= NF; i++) if ($i == "used") {v = $(i+1); sub(/K,?$/, "", v); print v; exit}}'
}

stats() { # mean and max of the numbers on stdin, as "mean max", with ${1:-1} decimals
    awk -v d="${1:-1}" '{s += $1; if (NR == 1 || $1 > m) m = $1}
        END {if (NR) printf "%." d "f %." d "f", s / NR, m; else printf "- -"}'
}

printf '%-3s %9s %16s %18s %16s %20s\n' N mesh_ms "shm_kib mean/max" "heap_kib mean/max" "idle_cpu_% mean/max" \
    "busy_shm_kib mean/max"
for n in "${sizes[@]}"; do
    run=$work/n$n
    mkdir -p "$run"
    head -c 32 /dev/urandom | base64 > "$run/cookie"
    chmod 600 "$run/cookie"
    ns_port=$(free_port)
    names=()
    for i in $(seq 1 "$n"); do
        name=m$i@localhost
        names+=("$name")
        mkfifo "$run/in$i"
        mkdir -m 700 "$run/deploy$i"
        cp "$work/receiver.jar" "$run/deploy$i/"
        # shellcheck disable=SC2086
        "$spore" node --name "$name" --shell --cookie-file "$run/cookie" --name-service-port "$ns_port" \
            --data-dir "$run/data$i" --deploy "$run/deploy$i" --state-dir "$run/state$i" --workers 2 \
            ${SPORE_NODE_ARGS:-} < "$run/in$i" > "$run/out$i" 2>&1 &
        pids+=($!)
        exec {fd}>"$run/in$i"
        fds+=("$fd")
    done
    deadline=$((SECONDS + STARTUP_SECONDS + 5 * n))
    for i in $(seq 1 "$n"); do
        until grep -q "node ${names[$((i - 1))]} up" "$run/out$i"; do
            if [ $SECONDS -ge $deadline ] || ! kill -0 "${pids[$((i - 1))]}" 2>/dev/null; then
                echo "many-nodes: ${names[$((i - 1))]} did not come up:" >&2; tail -20 "$run/out$i" >&2; exit 1
            fi
            sleep 0.1
        done
    done

    start_ns=$(date +%s%N)
    for i in $(seq 1 "$n"); do
        for j in $(seq 1 "$n"); do
            [ "$i" = "$j" ] && continue
            # A pid on node j that no process has: the call connects, and j's core answers "no such process".
            echo "spore:call ${names[$((j - 1))]}.999999.1 hello" >&"${fds[$((i - 1))]}"
        done
    done
    deadline=$((SECONDS + MESH_SECONDS))
    while :; do
        done_nodes=0
        for i in $(seq 1 "$n"); do
            peers=$({ grep -o "${names[$((i - 1))]} connected to m[0-9]*@localhost" "$run/out$i" || true; } | sort -u | wc -l)
            [ "$peers" -ge $((n - 1)) ] && done_nodes=$((done_nodes + 1))
        done
        [ $done_nodes = "$n" ] && break
        if [ $SECONDS -ge $deadline ]; then
            echo "many-nodes: N=$n: only $done_nodes of $n nodes reached all others in ${MESH_SECONDS}s" >&2; exit 1
        fi
        sleep 0.02
    done
    mesh_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))

    # Let the calls' answers, the first heartbeats and the JIT compilers settle before measuring the idle mesh.
    sleep "$SETTLE_SECONDS"
    for k in "${!pids[@]}"; do thread_ns "${pids[$k]}" > "$run/threads-before-$k"; done
    sleep "$IDLE_SECONDS"
    if [ "$SHOW_THREADS" = 1 ]; then
        echo "many-nodes: N=$n: % of a core used by ${names[0]}'s busiest threads over ${IDLE_SECONDS}s idle:" >&2
        thread_ns "${pids[0]}" | join -t '|' -o 1.2,1.3,2.3 "$run/threads-before-0" - \
            | awk -F'|' -v s="$IDLE_SECONDS" '{d = $3 - $2; if (d > 0) printf "  %6.3f  %s\n", d / s / 1e7, $1}' \
            | sort -rn | head -12 >&2
    fi
    cpu=$(for k in "${!pids[@]}"; do
        echo "$(cpu_ns_since "${pids[$k]}" "$run/threads-before-$k")" | awk -v s="$IDLE_SECONDS" '{print $1 / s / 1e7}'
    done | stats 2)
    shm=$(for pid in "${pids[@]}"; do d=$(driver_dir "$pid"); [ -n "$d" ] && du -s -k "$d" | cut -f1; done | stats)
    heap=$(for pid in "${pids[@]}"; do heap_kib "$pid"; done | stats)
    read -r shm_mean shm_max <<< "$shm"; read -r heap_mean heap_max <<< "$heap"; read -r cpu_mean cpu_max <<< "$cpu"

    # The busy step: a streamer on each paired node, then one stream each way per pair, all at once.
    paired=$(( n / 2 * 2 ))
    for i in $(seq 1 "$paired"); do echo "spore:spawn bench-streamer" >&"${fds[$((i - 1))]}"; done
    deadline=$((SECONDS + MESH_SECONDS))
    streamers=()
    for i in $(seq 1 "$paired"); do
        # The pid without its angle brackets, which Gogo would read as redirections.
        until pid=$(grep -o "<${names[$((i - 1))]}\.[0-9]*\.[0-9]*>" "$run/out$i" | tail -1 | tr -d '<>') \
            && [ -n "$pid" ]; do
            [ $SECONDS -lt $deadline ] || { echo "many-nodes: no streamer on ${names[$((i - 1))]}:" >&2; tail -20 "$run/out$i" >&2; exit 1; }
            sleep 0.1
        done
        streamers+=("$pid")
    done
    for i in $(seq 1 "$paired"); do
        j=$(( i % 2 == 1 ? i + 1 : i - 1 ))
        echo "spore:call ${streamers[$((i - 1))]} ${names[$((j - 1))]}.999999.1 $((BUSY_SECONDS * 1000)) 1024" \
            >&"${fds[$((i - 1))]}"
    done
    for i in $(seq 1 "$paired"); do
        until grep -q "sent [0-9]* messages of\|stopped after" "$run/out$i"; do
            [ $SECONDS -lt $deadline ] || { echo "many-nodes: ${names[$((i - 1))]} did not stream:" >&2; tail -20 "$run/out$i" >&2; exit 1; }
            sleep 0.1
        done
        echo "many-nodes: N=$n: ${names[$((i - 1))]} $(grep -o "sent [0-9]* messages of.*\|stopped after.*" \
            "$run/out$i" | tail -1)" >&2
    done
    busy=$(for i in $(seq 1 "$paired"); do d=$(driver_dir "${pids[$((i - 1))]}"); [ -n "$d" ] && du -s -k "$d" | cut -f1; done | stats)
    read -r busy_mean busy_max <<< "$busy"
    printf '%-3s %9s %16s %18s %16s %20s\n' "$n" "$mesh_ms" "$shm_mean/$shm_max" "$heap_mean/$heap_max" \
        "$cpu_mean/$cpu_max" "$busy_mean/$busy_max"
    rows+=("$n $mesh_ms $shm_mean $heap_mean $cpu_mean $busy_mean")
    cleanup
done

# One chart per figure: a bar per N, scaled to the largest value.
chart() { # $1 title, $2 column of rows (2..6)
    echo
    echo "$1"
    printf '%s\n' "${rows[@]}" | awk -v c="$2" '{n[NR] = $1; v[NR] = $c; if ($c > m) m = $c}
        END {for (i = 1; i <= NR; i++) {w = m > 0 ? int(v[i] * 50 / m + 0.5) : 0; bar = "";
             for (j = 0; j < w; j++) bar = bar "#"; printf "  N=%-3s %-50s %s\n", n[i], bar, v[i]}}'
}
chart "time to a full mesh, ms" 2
chart "/dev/shm per node, KiB (mean)" 3
chart "/dev/shm per node with one busy peer, KiB (mean)" 6
chart "heap in use per node, KiB (mean)" 4
chart "idle CPU per node, % of one core (mean)" 5

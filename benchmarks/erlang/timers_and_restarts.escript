#!/usr/bin/env escript
%%! -noshell +sbwt none
%% Erlang/OTP's figures beside Spore's timer and restart benchmarks (issue 17), on the same machine:
%%
%%   timers      erlang:send_after(1000, self(), tick) and erlang:cancel_timer/1 at once, in one process, as
%%               TimerBenchmark.scheduleAndCancel does: ns per pair (and with cancel_timer's async option)
%%   chained     a one_for_one supervisor restarting a permanent child that crashes (exit with an error reason),
%%               each new child asking for its own crash right after its init, as
%%               RestartBenchmark.chainedRestart does: us per restart, and the child's exit to its successor's
%%               init done, timed inside the node (p50, p90, p99)
%%   outside     one restart at a time, asked for and awaited by another process, as RestartBenchmark.restart
%%
%% Run: escript benchmarks/erlang/timers_and_restarts.escript [ROUNDS]   (default 5; the median is printed)
%% The logger's level is set to emergency, so the supervisor's and proc_lib's reports about each crash are not
%% formatted: compare with Spore's -p logLevel=WARNING (at INFO, Spore formats its restart line).
-mode(compile).
-export([start_child/1, child_init/2, init/1]).

-define(TIMER_PAIRS, 1000000).
-define(CHAIN, 100000).
-define(OUTSIDE, 20000).
-define(BATCH, 100).

main(Args) ->
    Rounds = case Args of [N] -> list_to_integer(N); _ -> 5 end,
    logger:set_primary_config(level, emergency),
    io:format("Erlang/OTP ~s (erts ~s), ~b schedulers~n",
              [erlang:system_info(otp_release), erlang:system_info(version), erlang:system_info(schedulers)]),
    timers(Rounds),
    restarts(Rounds),
    ok.

%% ---- timers ----

timers(Rounds) ->
    Self = self(),
    Run = fun(Cancel) ->
              spawn_link(fun() -> Self ! {done, timer_pairs(?TIMER_PAIRS, Cancel)} end),
              receive {done, Ns} -> Ns end
          end,
    Sync = [Run(fun(Ref) -> erlang:cancel_timer(Ref) end) || _ <- lists:seq(1, Rounds)],
    Async = [Run(fun(Ref) -> erlang:cancel_timer(Ref, [{async, true}, {info, false}]) end)
             || _ <- lists:seq(1, Rounds)],
    io:format("send_after + cancel_timer: median ~.1f ns per pair (runs ~s)~n", [median(Sync), show(Sync)]),
    io:format("send_after + cancel_timer(async, no info): median ~.1f ns per pair (runs ~s)~n",
              [median(Async), show(Async)]).

timer_pairs(Pairs, Cancel) ->
    timer_loop(1000, Cancel), % warm-up
    T0 = erlang:monotonic_time(nanosecond),
    timer_loop(Pairs, Cancel),
    (erlang:monotonic_time(nanosecond) - T0) / Pairs.

timer_loop(0, _Cancel) -> ok;
timer_loop(N, Cancel) ->
    Cancel(erlang:send_after(1000, self(), tick)),
    timer_loop(N - 1, Cancel).

%% ---- restarts ----

%% Shared with the children through persistent_term (read without copying): the atomics with
%% [restarts left in the chain, the crash's time], and who collects the samples.
%%
%% OTP's supervisor keeps the time of every restart within its period in a list, which each restart walks: with
%% the intensity a benchmark needs (Spore's allows a million a second), a long run measures that walk rather than a
%% restart. So restarts run in batches of ?BATCH, each under a fresh supervisor (made and stopped outside the
%% timing): the list stays as short as in a real tree, which allows a few restarts in its period.
restarts(Rounds) ->
    process_flag(trap_exit, true),
    Left = atomics:new(2, [{signed, true}]),
    persistent_term:put(bench, {Left, self()}),
    _ = chained(?CHAIN div 10), % warm-up
    Chained = [chained(?CHAIN) || _ <- lists:seq(1, Rounds)],
    PerRestart = [Us || {Us, _} <- Chained],
    io:format("one_for_one restart, chained (~b per run, in batches of ~b): median ~.2f us per restart (runs ~s)~n",
              [?CHAIN, ?BATCH, median(PerRestart), show(PerRestart)]),
    io:format("  the child's exit to its successor's init done, all runs: ~s~n",
              [percentiles(lists:append([S || {_, S} <- Chained]))]),
    Outside = [outside(?OUTSIDE) || _ <- lists:seq(1, Rounds)],
    Totals = lists:append([T || {T, _} <- Outside]),
    Inner = lists:append([I || {_, I} <- Outside]),
    io:format("one_for_one restart, from another process (~b per run): ~s~n", [?OUTSIDE, percentiles(Totals)]),
    io:format("  the child's exit to its successor's init done: ~s~n", [percentiles(Inner)]).

%% Count restarts in chains of ?BATCH: the time per restart (us) and every exit-to-init time (ns).
chained(Count) ->
    Batches = [in_fresh_supervisor(fun() ->
                                       T0 = erlang:monotonic_time(nanosecond),
                                       chain(?BATCH),
                                       T = erlang:monotonic_time(nanosecond) - T0,
                                       {T, collect(?BATCH, [])}
                                   end) || _ <- lists:seq(1, Count div ?BATCH)],
    {lists:sum([T || {T, _} <- Batches]) / Count / 1000, lists:append([S || {_, S} <- Batches])}.

in_fresh_supervisor(Fun) ->
    {ok, Sup} = supervisor:start_link(?MODULE, []),
    Result = Fun(),
    unlink(Sup),
    exit(Sup, shutdown),
    receive {'EXIT', Sup, _} -> ok after 0 -> ok end,
    wait_unregistered(),
    Result.

wait_unregistered() ->
    case whereis(bench_sup) of
        undefined -> ok;
        _ -> timer:sleep(1), wait_unregistered()
    end.

%% Runs Count restarts back to back and returns once the last new child is up.
chain(Count) ->
    {Left, _} = persistent_term:get(bench),
    atomics:put(Left, 1, Count),
    current() ! crash,
    receive {chain_done, _Pid} -> ok after 10000 -> error(chain_stalled) end.

%% One restart at a time, each asked for by this process: the round trip and the exit-to-init part.
outside(Count) ->
    {Left, _} = persistent_term:get(bench),
    Batches = [in_fresh_supervisor(
                 fun() ->
                     [begin
                          atomics:put(Left, 1, 1),
                          Victim = current(),
                          T0 = erlang:monotonic_time(nanosecond),
                          Victim ! crash,
                          receive {chain_done, _} -> ok after 10000 -> error(restart_stalled) end,
                          Total = erlang:monotonic_time(nanosecond) - T0,
                          receive {sample, Ns} -> {Total, Ns} end
                      end || _ <- lists:seq(1, ?BATCH)]
                 end) || _ <- lists:seq(1, Count div ?BATCH)],
    lists:unzip(lists:append(Batches)).

current() ->
    [{child, Pid, _, _}] = supervisor:which_children(bench_sup),
    Pid.

collect(0, Acc) -> Acc;
collect(N, Acc) -> receive {sample, Ns} -> collect(N - 1, [Ns | Acc]) end.

%% The supervisor: one permanent worker, one_for_one, within its intensity for one batch.
init([]) ->
    register(bench_sup, self()),
    {ok, {#{strategy => one_for_one, intensity => ?BATCH + 1, period => 1},
          [#{id => child, start => {?MODULE, start_child, [x]}, restart => permanent, type => worker}]}}.

%% Started as gen_server children are: the supervisor waits until the child's init has acknowledged.
start_child(_) ->
    proc_lib:start_link(?MODULE, child_init, [self(), x]).

child_init(Parent, _) ->
    proc_lib:init_ack(Parent, {ok, self()}),
    InitNs = erlang:monotonic_time(nanosecond),
    {Left, Collector} = persistent_term:get(bench),
    case atomics:get(Left, 1) of
        0 -> ok;
        N ->
            Collector ! {sample, InitNs - atomics:get(Left, 2)},
            atomics:put(Left, 1, N - 1),
            case N of
                1 -> Collector ! {chain_done, self()};
                _ -> self() ! crash
            end
    end,
    child_loop().

child_loop() ->
    receive
        crash ->
            {Left, _} = persistent_term:get(bench),
            atomics:put(Left, 2, erlang:monotonic_time(nanosecond)),
            exit(crashed);
        _ -> child_loop()
    end.

%% ---- figures ----

median(Xs) -> lists:nth((length(Xs) + 1) div 2, lists:sort(Xs)).

show(Xs) -> lists:flatten(lists:join(", ", [io_lib:format("~.2f", [X]) || X <- Xs])).

percentiles(Ns) ->
    S = list_to_tuple(lists:sort(Ns)),
    L = tuple_size(S),
    P = fun(F) -> element(max(1, min(L, round(L * F))), S) / 1000 end,
    io_lib:format("p50 ~.2f us, p90 ~.2f us, p99 ~.2f us (~b restarts)", [P(0.5), P(0.9), P(0.99), L]).

#!/usr/bin/env escript
%%! -sname bench_global -setcookie spore_bench
%% Erlang/OTP beside RegistryBenchmark: three nodes on this host (this one and two peers started with the peer
%% module), global:register_name of a new name each time (us, p50 of N after N to warm up), and
%% global:whereis_name of a held name (ns each, averaged). Usage: escript benchmarks/erlang/global_names.escript 2000
-mode(compile).

main([CountText]) ->
    Count = list_to_integer(CountText),
    Peers = [begin
                 {ok, Pid, Node} = peer:start_link(#{name => peer:random_name(), connection => standard_io,
                                                     args => ["-setcookie", "spore_bench"]}),
                 {Pid, Node}
             end || _ <- [1, 2]],
    [pong = net_adm:ping(Node) || {_, Node} <- Peers],
    global:sync(),
    io:format("nodes: ~p~n", [nodes()]),
    _ = [register_one({warm, I}) || I <- lists:seq(1, Count)],
    Times = lists:sort([register_one({name, I}) || I <- lists:seq(1, Count)]),
    P50 = lists:nth(Count div 2, Times),
    P90 = lists:nth(Count * 9 div 10, Times),
    io:format("global:register_name, ~p new names: p50 ~p us, p90 ~p us, min ~p us~n",
              [Count, P50, P90, hd(Times)]),
    yes = global:register_name(looked_up, spawn(fun() -> receive stop -> ok end end)),
    Lookups = 1000000,
    T0 = erlang:monotonic_time(nanosecond),
    lookup(Lookups),
    T1 = erlang:monotonic_time(nanosecond),
    io:format("global:whereis_name: ~.1f ns each (~p lookups)~n", [(T1 - T0) / Lookups, Lookups]),
    [peer:stop(Pid) || {Pid, _} <- Peers],
    ok.

%% A process per name: global refuses a second name for one pid. Spawned before the clock starts.
register_one(Name) ->
    Pid = spawn(fun() -> receive stop -> ok end end),
    T0 = erlang:monotonic_time(microsecond),
    yes = global:register_name(Name, Pid),
    erlang:monotonic_time(microsecond) - T0.

lookup(0) -> ok;
lookup(N) ->
    _ = global:whereis_name(looked_up),
    lookup(N - 1).

#!/usr/bin/env escript
%%! -sname bench_pg -setcookie spore_bench
%% Erlang/OTP beside GroupFanOutBenchmark: four nodes on this host (this one and three peers started with the peer
%% module), a pg group of 100 processes spread evenly over them, and one message to every member: pg:get_members on
%% this node, then a send to each. Each member answers with the wall-clock time it received the message
%% (os:system_time, the same clock on every node of the host), so the figure is one way, from the first send to the
%% last receipt, as GroupFanOutBenchmark measures it; the answers' own travel is not counted.
%% Usage: escript benchmarks/erlang/pg_fan_out.escript 2000    (fan-outs after as many to warm up; prints us)
-mode(compile).

main([CountText]) ->
    Count = list_to_integer(CountText),
    Peers = [begin
                 {ok, Pid, Node} = peer:start_link(#{name => peer:random_name(), connection => standard_io,
                                                     args => ["-setcookie", "spore_bench"]}),
                 {Pid, Node}
             end || _ <- [1, 2, 3]],
    Nodes = [node() | [Node || {_, Node} <- Peers]],
    [pong = net_adm:ping(Node) || {_, Node} <- Peers],
    {ok, _} = pg:start_link(),
    [{ok, _} = erpc:call(Node, pg, start, [pg]) || {_, Node} <- Peers],
    Members = 100,
    {Module, Binary} = member_module(),
    [{module, Module} = erpc:call(Node, code, load_binary, [Module, "pg_bench_member.erl", Binary]) || Node <- Nodes],
    [erpc:call(lists:nth(I rem 4 + 1, Nodes), Module, start, [self()]) || I <- lists:seq(0, Members - 1)],
    wait_members(Members),
    io:format("nodes: ~p, members: ~p~n", [Nodes, length(pg:get_members(fan_out))]),
    _ = [fan_out(Members) || _ <- lists:seq(1, Count)],
    Times = lists:sort([fan_out(Members) || _ <- lists:seq(1, Count)]),
    P50 = lists:nth(Count div 2, Times),
    P90 = lists:nth(Count * 9 div 10, Times),
    io:format("pg fan-out to ~p members on 4 nodes, ~p times: p50 ~.1f us, p90 ~.1f us, min ~.1f us~n",
              [Members, Count, P50 / 1000, P90 / 1000, hd(Times) / 1000]),
    [peer:stop(Pid) || {Pid, _} <- Peers],
    ok.

%% The members' code, compiled here and loaded on every node (the escript's own module exists only on this one).
member_module() ->
    Source = ["-module(pg_bench_member).",
              "-export([start/1, loop/1]).",
              "start(Bench) -> Pid = spawn(pg_bench_member, loop, [Bench]), ok = pg:join(fan_out, Pid), Pid.",
              "loop(Bench) -> receive {fan_out, Ref} -> Bench ! {received, Ref, os:system_time(nanosecond)},"
              " loop(Bench) end."],
    Forms = [begin
                 {ok, Tokens, _} = erl_scan:string(Line),
                 {ok, Form} = erl_parse:parse_form(Tokens),
                 Form
             end || Line <- Source],
    {ok, Module, Binary} = compile:forms(Forms),
    {Module, Binary}.

wait_members(Members) ->
    case length(pg:get_members(fan_out)) of
        Members -> ok;
        _ -> timer:sleep(10), wait_members(Members)
    end.

%% One fan-out: nanoseconds from just before the first send to the latest receipt.
fan_out(Members) ->
    Ref = make_ref(),
    T0 = os:system_time(nanosecond),
    [Pid ! {fan_out, Ref} || Pid <- pg:get_members(fan_out)],
    Latest = collect(Ref, Members, T0),
    Latest - T0.

collect(_Ref, 0, Latest) -> Latest;
collect(Ref, N, Latest) ->
    receive
        {received, Ref, At} -> collect(Ref, N - 1, max(Latest, At))
    after 10000 -> error({missing_receipts, N})
    end.

defmodule Sandbox.Harness do
  @moduledoc false
  # Runs one learner program (and optionally ExUnit tests against it) inside a single-use sandbox
  # container. It boots, warms the compiler, says it is ready and waits; the host then writes one
  # request on stdin and closes it:
  #   line 1: the run key, 64 hex digits (a fresh secret per run)
  #   line 2: JSON header {"timeoutMs": N, "codeBytes": N, "role": R, "tests": string | null}
  #   rest:   the source (codeBytes bytes of UTF-8)
  # The role says what this VM is for:
  #   "program" (default): run the learner's program (and `tests` in this VM, when given: only
  #     the benchmark's baseline uses that).
  #   "serve": run the learner's program, then answer the judge's calls (Sandbox.Serve) that the
  #     host relays on stdin, until stdin closes.
  #   "judge": the source is the exercise's tests; compile them against proxies of the learner's
  #     modules and run them (Sandbox.Judge). No learner code ever runs in this VM.
  # Frames go to the real stdout (fd 1), one JSON object per line, all written by this process:
  #   {"t":"ready"}                              booted, waiting for the request
  #   {"t":"out"|"err","d":<base64>}             the program wrote to stdout / stderr
  #   {"t":"result","r":<base64 JSON>,"mac":<hex HMAC-SHA256(key, r)>}   exactly once, then halt
  # and, in a judged run, the frames the host relays between the two VMs (judge.ex).
  # The key lives only in a private ETS table of this process. This process never runs learner
  # code; in a VM that ran learner code it clears all tracing, every trace session's, before it
  # signs the result, so learner code cannot watch the key being used. See docs/sandbox.md for what remains.

  @file_name "main.exs"
  @tests_file "tests.exs"
  @stream_limit 65_536
  @text_limit 8_192
  @poll_ms 10
  @atom_margin 50_000
  @process_margin 64
  @pids_events "/sys/fs/cgroup/pids/pids.events"
  # Modules a run loads on first use otherwise, each a search of the code path on the learner's
  # time: the request's header, the judged run's relay, ExUnit's runner and the inspection of the
  # values a failed assertion shows. Loaded by warm_up/0.
  @preloaded [
    JSON,
    :elixir_json,
    Base,
    MapSet,
    Enumerable.Map,
    Range,
    Function,
    DynamicSupervisor,
    System.SignalHandler,
    :timer,
    :sys,
    :beam_bounds,
    ExUnit.EventManager,
    ExUnit.OnExitHandler,
    ExUnit.Runner,
    ExUnit.RunnerStats,
    ExUnit.Filters,
    ExUnit.FailuresManifest,
    Sandbox.Harness.Collector,
    Sandbox.TestHelpers,
    Sandbox.JudgeHelpers,
    Sandbox.Judge,
    Sandbox.Serve,
    Sandbox.Wire,
    ArithmeticError,
    ErlangError,
    Exception,
    ExUnit.AssertionError,
    Process,
    Inspect,
    Inspect.Opts,
    Inspect.Algebra,
    Inspect.Atom,
    Inspect.BitString,
    Inspect.Float,
    Inspect.Function,
    Inspect.Integer,
    Inspect.List,
    Inspect.Map,
    Inspect.PID,
    Inspect.Range,
    Inspect.Reference,
    Inspect.Tuple,
    Inspect.MapSet,
    Inspect.Sandbox.Remote
  ]
  # Compiled by warm_up/0 (see there). `register: false` keeps it out of ExUnit's queue, so a
  # run's ExUnit.run/1 never runs it.
  @warm_tests """
  defmodule Sandbox.WarmTests do
    use ExUnit.Case, register: false
    setup _ do
      :ok
    end
    test "t" do
      assert 1 + 1 == 2
      assert_in_delta 1.0, 1.01, 0.1
    end
  end
  """

  def main do
    Process.flag(:priority, :high)
    Process.flag(:trap_exit, true)
    harness = self()
    port = Port.open({:fd, 0, 1}, [:binary, :eof])
    out = spawn_link(fn -> capture_loop(harness, :out, 0) end)
    err = spawn_link(fn -> capture_loop(harness, :err, 0) end)
    redirect_standard_error(err)
    redirect_logger(out)
    :logger.add_primary_filter(:sandbox_max_heap, {&__MODULE__.max_heap_filter/2, harness})
    warm_up()
    keys = :ets.new(:sandbox_keys, [:private])
    fingerprints = fingerprints()
    pids_base = pids_max_events()
    emit(port, ~s({"t":"ready"}\n))

    case read_request(port, []) do
      {:ok, key, {timeout_ms, tests, role}, code, rest} ->
        :ets.insert(keys, {:key, key})
        token = make_ref()
        :erlang.garbage_collect()
        deadline = :erlang.monotonic_time(:millisecond) + timeout_ms

        # Tables the judged run's processes share belong to this process, which outlives them.
        case role do
          :serve -> Sandbox.Wire.learner_table()
          :judge -> Sandbox.Judge.tables()
          :program -> :ok
        end

        {evaluator, ref} =
          case role do
            :program -> spawn_monitor(fn -> evaluate(code, tests, out, harness, token) end)
            :serve -> spawn_monitor(fn -> serve(code, out, harness, token) end)
            :judge -> spawn_monitor(fn -> judge(code, out, harness, token) end)
          end

        state = %{
          port: port,
          keys: keys,
          fingerprints: fingerprints,
          token: token,
          evaluator: evaluator,
          ref: ref,
          deadline: deadline,
          pids_base: pids_base,
          role: role,
          serving: false,
          buffer: rest
        }

        state =
          case role do
            :serve -> Sandbox.Serve.init(state)
            :judge -> Sandbox.Judge.init(state)
            :program -> state
          end

        loop(host_frames(state, ""))

      :eof ->
        # The host went away before sending a request: nothing to do.
        :erlang.halt(0)
    end
  end

  # The request: the key line, the header line, then the source: `codeBytes` bytes of it when the
  # header says so (no need to wait for the host's EOF to travel through Docker), else until EOF.
  defp read_request(port, acc) do
    receive do
      {^port, {:data, data}} ->
        acc = [acc | data]

        case split_request(IO.iodata_to_binary(acc), false) do
          {:ok, _, _, _, _} = request -> request
          :more -> read_request(port, acc)
        end

      {^port, :eof} ->
        case split_request(IO.iodata_to_binary(acc), true) do
          {:ok, _, _, _, _} = request -> request
          _ -> :eof
        end
    end
  end

  defp split_request(request, eof?) do
    with [key_hex, rest] <- :binary.split(request, "\n"),
         [header, code] <- :binary.split(rest, "\n"),
         64 <- byte_size(key_hex),
         {:ok, key} <- Base.decode16(key_hex, case: :lower) do
      {timeout_ms, tests, code_bytes, role} = decode_header(header)

      cond do
        is_integer(code_bytes) and byte_size(code) >= code_bytes ->
          rest = binary_part(code, code_bytes, byte_size(code) - code_bytes)
          {:ok, :binary.copy(key), {timeout_ms, tests, role}, :binary.copy(binary_part(code, 0, code_bytes)), :binary.copy(rest)}

        eof? ->
          {:ok, :binary.copy(key), {timeout_ms, tests, role}, :binary.copy(code), ""}

        true ->
          :more
      end
    else
      _ -> if eof?, do: :eof, else: :more
    end
  end

  defp decode_header(header) do
    case JSON.decode(header) do
      {:ok, %{"timeoutMs" => ms} = map} when is_integer(ms) and ms > 0 ->
        tests = if is_binary(map["tests"]), do: map["tests"], else: nil
        code_bytes = if is_integer(map["codeBytes"]) and map["codeBytes"] >= 0, do: map["codeBytes"], else: nil

        role =
          case map["role"] do
            "serve" -> :serve
            "judge" -> :judge
            _ -> :program
          end

        {ms, tests, code_bytes, role}

      _ ->
        {5_000, nil, nil, :program}
    end
  end

  # The result path calls only BIFs, this module's local functions and these modules; if learner
  # code has reloaded any of them, nothing is signed.
  @trusted [:crypto, :base64, :binary, :ets, :lists, :maps, :prim_file, :re, :trace]

  # Everything the result path needs is loaded before the learner runs; the compiler and ExUnit
  # are warmed so the first real compilation is fast.
  defp warm_up do
    Enum.each([:string | @trusted], &Code.ensure_loaded/1)
    sign(:crypto.strong_rand_bytes(32), "warm-up")
    encode(%{status: "ok", tests: [%{name: "x\u0001\"", passed: true, message: nil}], line: 1})
    ExUnit.start(autorun: false, seed: 0, max_cases: 1, formatters: [], colors: [enabled: false])
    Code.ensure_loaded(ExUnit.Case)
    Code.ensure_loaded(ExUnit.Assertions)
    Code.with_diagnostics([log: false], fn -> Code.eval_string("x = [1, 2] |> Enum.map(&(&1 * 2)) |> Enum.sum()\nx + 1") end)

    # A test module is compiled in every judged run: the first `use ExUnit.Case` costs more than
    # the rest together, so it is paid here, off the learner's path.
    Code.with_diagnostics([log: false], fn ->
      Code.compile_string(@warm_tests, "warm.exs")
    end)

    Enum.each(@preloaded, &Code.ensure_loaded/1)

    # A failed test's report: the assertion's code and values, an exception's banner. Formatted
    # once here, so that the first failure of a run loads nothing. ExUnit itself is not run here:
    # ExUnit.run/1 sets the VM's backtrace depth to its :stacktrace_depth (20, against 8), and at
    # that depth evaluated learner code runs 4 to 5 times slower (string interpolation in a
    # 20,000-step comprehension).
    warm_failure = %ExUnit.AssertionError{message: "Assertion with == failed", expr: quote(do: f({:a, "b"}) == [1.5]), left: {:a, "b", %{c: 1..2}, self()}, right: [1.5]}
    format_failure({:error, warm_failure, []})
    format_failure({:error, %ArgumentError{message: "warm"}, [{Sandbox.WarmTests, :f, 1, [file: ~c"main.exs", line: 1]}]})

    Sandbox.Judge.warm_up()
  end

  defp fingerprints, do: fingerprints(@trusted)
  defp fingerprints([]), do: []
  defp fingerprints([mod | rest]), do: [{mod, :erlang.get_module_info(mod, :md5)} | fingerprints(rest)]

  # ---- the main loop: relay output, watch limits, wait for the end ----------------------------
  # From here on this process runs no learner code: only BIFs and local functions.

  defp loop(state) do
    now = :erlang.monotonic_time(:millisecond)
    wait = :erlang.max(0, :erlang.min(@poll_ms, :maps.get(:deadline, state) - now))
    evaluator = :maps.get(:evaluator, state)
    token = :maps.get(:token, state)
    ref = :maps.get(:ref, state)

    receive do
      {:emit, from, tag, stream, data} when is_binary(data) ->
        emit_output(:maps.get(:port, state), stream, data)
        send(from, {tag, :emitted})
        loop(state)

      {:evaluated, ^token, result} ->
        finish(state, checked(result))

      {:serving, ^token, interface} ->
        emit(:maps.get(:port, state), ["{\"t\":\"iface\",\"d\":\"", interface, "\"}\n"])
        loop(:maps.put(:serving, true, state))

      {port, {:data, data}} when port == :erlang.map_get(:port, state) and :erlang.map_get(:role, state) != :program ->
        loop(host_frames(state, data))

      {port, :eof} when port == :erlang.map_get(:port, state) and :erlang.map_get(:role, state) != :program ->
        :erlang.halt(0)

      {:sandbox, message} when :erlang.map_get(:role, state) != :program ->
        loop(role_message(state, message))

      {:DOWN, ^ref, :process, _, _} when :erlang.map_get(:serving, state) ->
        loop(state)

      {:max_heap, _pid} when :erlang.map_get(:serving, state) ->
        finish(state, %{status: "memory_limit"})

      {:DOWN, other, :process, _, reason} when other != ref and :erlang.map_get(:role, state) == :serve ->
        case Sandbox.Serve.executor_down(state, other, reason) do
          {:ok, state} ->
            loop(state)

          {:killed, pid, state} ->
            receive do
              {:max_heap, ^pid} -> finish(state, %{status: "memory_limit"})
            after
              100 -> loop(state)
            end
        end

      {:output_limit, _stream} ->
        finish(state, %{status: "output_limit", truncated: true})

      {:DOWN, ^ref, :process, _, :killed} ->
        receive do
          {:max_heap, ^evaluator} -> finish(state, %{status: "memory_limit"})
        after
          100 -> finish(state, runtime_error_banner("** (exit) killed"))
        end

      {:max_heap, ^evaluator} ->
        finish(state, %{status: "memory_limit"})

      {:DOWN, ^ref, :process, _, reason} ->
        finish(state, runtime_error_banner(describe_exit(reason)))

      _other ->
        loop(state)
    after
      wait ->
        case watch(state) do
          :ok -> loop(state)
          result -> finish(state, result)
        end
    end
  end

  # ---- a judged run: frames from the host, messages from this VM's own processes -------------

  # Lines the host wrote after the request; a partial last line waits for the rest.
  defp host_frames(state, data) do
    lines = :binary.split(:maps.get(:buffer, state) <> data, "\n", [:global])
    {complete, [partial]} = Enum.split(lines, -1)
    state = Enum.reduce(complete, :maps.put(:buffer, partial, state), &host_frame/2)
    if byte_size(partial) > Sandbox.Wire.max_term_bytes() * 2, do: :erlang.halt(3), else: state
  end

  defp host_frame("", state), do: state

  defp host_frame(line, state) do
    case JSON.decode(line) do
      {:ok, %{"t" => type} = frame} -> host_frame(:maps.get(:role, state), type, frame, state)
      _ -> state
    end
  end

  defp host_frame(:serve, "call", %{"id" => id, "c" => caller, "d" => d}, state) when is_integer(id) and is_integer(caller) and is_binary(d),
    do: Sandbox.Serve.call(state, id, caller, Base.decode64!(d))

  defp host_frame(:serve, "reset", _frame, state), do: Sandbox.Serve.reset(state)

  defp host_frame(:serve, "cbret", %{"id" => id, "d" => d}, state) when is_integer(id) and is_binary(d),
    do: Sandbox.Serve.callback_reply(state, id, d)

  defp host_frame(:judge, "iface", %{"d" => d}, state) when is_binary(d) do
    case Base.decode64(d) do
      {:ok, binary} -> send(:maps.get(:evaluator, state), {:sandbox_iface, binary})
      :error -> send(:maps.get(:evaluator, state), {:sandbox_iface, ""})
    end

    state
  end

  defp host_frame(:judge, "reply", %{"id" => id, "d" => d}, state) when is_integer(id) and is_binary(d) do
    case Base.decode64(d) do
      {:ok, binary} -> Sandbox.Judge.answered(state, id, {:reply, binary})
      :error -> Sandbox.Judge.answered(state, id, {:reply, ""})
    end
  end

  defp host_frame(:judge, "cb", %{"id" => id, "f" => fun_id, "d" => d}, state) when is_integer(id) and is_integer(fun_id) and is_binary(d),
    do: Sandbox.Judge.run_callback(state, id, fun_id, d)

  defp host_frame(:judge, "msg", %{"to" => to, "d" => d}, state) when is_integer(to) and is_binary(d), do: Sandbox.Judge.forward(state, to, d)

  defp host_frame(_role, _type, _frame, state), do: state

  defp role_message(state, {:reply, id, b64}), do: Sandbox.Serve.replied(state, id, b64)

  defp role_message(state, {:callback, from, tag, fun_id, b64}), do: Sandbox.Serve.callback_request(state, from, tag, fun_id, b64)

  defp role_message(state, {:forward, id, b64}) do
    emit_frame(state, ["{\"t\":\"msg\",\"to\":", Integer.to_string(id), ",\"d\":\"", b64, "\"}\n"])
    state
  end

  defp role_message(state, {:call, from, tag, payload}), do: Sandbox.Judge.request(state, from, tag, payload)

  defp role_message(state, :reset), do: Sandbox.Judge.reset(state)

  defp role_message(state, {:callback_done, id, b64}) do
    emit_frame(state, ["{\"t\":\"cbret\",\"id\":", Integer.to_string(id), ",\"d\":\"", b64, "\"}\n"])
    state
  end

  defp role_message(state, _), do: state

  @doc false
  def emit_frame(state, iodata), do: emit(:maps.get(:port, state), iodata)

  defp watch(state) do
    cond do
      :erlang.monotonic_time(:millisecond) >= :maps.get(:deadline, state) -> %{status: "timeout"}
      pids_max_events() > :maps.get(:pids_base, state) -> %{status: "process_limit"}
      :erlang.system_info(:process_count) >= :erlang.system_info(:process_limit) - @process_margin -> %{status: "process_limit"}
      :erlang.system_info(:atom_count) >= :erlang.system_info(:atom_limit) - @atom_margin -> atom_limit()
      true -> :ok
    end
  end

  defp atom_limit do
    runtime_error_banner(
      "** (SystemLimitError) too many atoms: the program came close to the atom table's limit of " <>
        :erlang.integer_to_binary(:erlang.system_info(:atom_limit)) <> " (String.to_atom/1 on unbounded input?)"
    )
  end

  defp runtime_error_banner(message), do: %{status: "runtime_error", message: message, line: nil, stacktrace: ""}

  # The evaluator runs learner code, so its message is checked field by field, never trusted.
  defp checked(result) when is_map(result) do
    status = :maps.get(:status, result, nil)

    if :lists.member(status, ["ok", "compile_error", "runtime_error"]) do
      keep(result, [:message, :stacktrace, :line, :tests], %{status: status})
    else
      runtime_error_banner("** (exit) the program returned a malformed result")
    end
  end

  defp checked(_), do: runtime_error_banner("** (exit) the program returned a malformed result")

  defp keep(_result, [], acc), do: acc

  defp keep(result, [key | rest], acc) do
    value = :maps.get(key, result, nil)

    valid =
      case key do
        :line -> is_integer(value) and value > 0
        :tests -> is_list(value) and valid_tests?(value)
        _ -> is_binary(value)
      end

    keep(result, rest, if(valid, do: :maps.put(key, value, acc), else: acc))
  end

  defp valid_tests?([]), do: true

  defp valid_tests?([%{name: n, passed: p, message: m} = t | rest]) when map_size(t) == 3,
    do: is_binary(n) and is_boolean(p) and (m == nil or is_binary(m)) and valid_tests?(rest)

  defp valid_tests?([%{name: n, passed: p, message: m, output: o} = t | rest]) when map_size(t) == 4,
    do: is_binary(n) and is_boolean(p) and (m == nil or is_binary(m)) and (o == nil or is_binary(o)) and valid_tests?(rest)

  defp valid_tests?(_), do: false

  # ---- the end: freeze everything else, drain output, sign, write, halt ------------------------

  defp finish(state, result) do
    if is_map(result) and :lists.member(:maps.get(:status, result, nil), ["ok", "compile_error", "runtime_error"]),
      do: in_helper(fn -> :logger_std_h.filesync(:default) end, 500)

    # The judge's VM runs no learner code, so nothing there can be tracing: clearing it would
    # cost several milliseconds (every loaded function, once per kind of pattern) for nothing.
    if :maps.get(:role, state) != :judge, do: untrace_all()
    port = :maps.get(:port, state)
    drain(port)
    result = classify_limits(result, :maps.get(:pids_base, state))

    if fingerprints(@trusted) == :maps.get(:fingerprints, state) do
      payload = :base64.encode(:erlang.iolist_to_binary(encode(result)))
      [{:key, key}] = :ets.lookup(:maps.get(:keys, state), :key)
      mac = :binary.encode_hex(sign(key, payload), :lowercase)
      emit(port, ["\n{\"t\":\"result\",\"r\":\"", payload, "\",\"mac\":\"", mac, "\"}\n"])
      wait_flushed(port, 200)
    end

    :erlang.halt(0)
  end

  # Running out of OS processes (the pids cgroup refused a fork) or out of BEAM processes or
  # ports is a process limit, whatever exception it surfaced as.

  defp classify_limits(%{status: status} = result, pids_base) when status == "runtime_error" or status == "ok" do
    message = :maps.get(:message, result, "")

    cond do
      pids_max_events() > pids_base -> %{status: "process_limit"}
      status == "runtime_error" and system_limit?(message) -> %{status: "process_limit"}
      true -> result
    end
  end

  defp classify_limits(result, _pids_base), do: result

  defp system_limit?(message),
    do:
      :binary.match(message, ["SystemLimitError", ":system_limit", ":eagain"]) != :nomatch and
        :binary.match(message, "too many atoms") == :nomatch

  # The evaluator died without reporting (a linked process took it down, for example). Formatting
  # the reason may run learner code (an exception's message/1), so a helper process does it.
  defp describe_exit(reason) do
    me = self()
    tag = make_ref()

    in_helper(
      fn ->
        text = printable(Exception.format_banner(:exit, reason, []))
        send(me, {tag, text})
      end,
      200
    )

    receive do
      {^tag, text} when is_binary(text) -> text
    after
      0 -> "** (exit) the program's process exited abnormally"
    end
  end

  # Runs fun in a throwaway process and waits at most timeout ms for it.
  defp in_helper(fun, timeout) do
    {pid, ref} = spawn_monitor(fn -> catch_all(fun) end)

    receive do
      {:DOWN, ^ref, :process, _, _} -> :ok
    after
      timeout ->
        :erlang.exit(pid, :kill)
        :ok
    end
  end

  # The legacy trace session's process flags and patterns, and every trace session the learner's
  # code created (OTP 27): a session of its own survives the legacy session's reset. Public only
  # for the sandbox's tests; learner code gains nothing by calling it.
  @doc false
  def untrace_all do
    catch_all(fn -> destroy_trace_sessions(:trace.session_info(:all)) end)
    catch_all(fn -> :erlang.trace(:all, false, [:all]) end)
    untrace_patterns([[:local], [:global], [:meta], [:call_count], [:call_time], [:call_memory]])
    catch_all(fn -> :erlang.trace_pattern(:send, false, []) end)
    catch_all(fn -> :erlang.trace_pattern(:receive, false, []) end)
    catch_all(fn -> :erlang.system_flag(:sequential_tracer, false) end)
    catch_all(fn -> :erlang.seq_trace(:label, 0) end)
    catch_all(fn -> :erlang.system_monitor(:undefined) end)
    catch_all(fn -> :erlang.system_profile(:undefined, []) end)
  end

  defp destroy_trace_sessions([]), do: :ok
  defp destroy_trace_sessions([{:legacy, :default} | rest]), do: destroy_trace_sessions(rest)

  defp destroy_trace_sessions([session | rest]) do
    catch_all(fn -> :trace.session_destroy(session) end)
    destroy_trace_sessions(rest)
  end

  defp untrace_patterns([]), do: :ok

  defp untrace_patterns([flags | rest]) do
    catch_all(fn -> :erlang.trace_pattern({:_, :_, :_}, false, flags) end)
    untrace_patterns(rest)
  end

  # Output frames that reached this process before the end are still written.
  defp drain(port) do
    receive do
      {:emit, _from, _tag, stream, data} when is_binary(data) ->
        emit_output(port, stream, data)
        drain(port)
    after
      0 -> :ok
    end
  end

  defp wait_flushed(_port, 0), do: :ok

  defp wait_flushed(port, tries) do
    case :erlang.port_info(port, :queue_size) do
      {:queue_size, 0} ->
        :ok

      {:queue_size, _} ->
        receive after: (1 -> wait_flushed(port, tries - 1))

      _ ->
        :ok
    end
  end

  defp sign(key, payload), do: :crypto.mac(:hmac, :sha256, key, payload)

  defp emit(port, iodata), do: :erlang.port_command(port, iodata)

  defp emit_output(port, :out, data), do: emit(port, ["{\"t\":\"out\",\"d\":\"", :base64.encode(data), "\"}\n"])
  defp emit_output(port, :err, data), do: emit(port, ["{\"t\":\"err\",\"d\":\"", :base64.encode(data), "\"}\n"])
  defp emit_output(_port, _stream, _data), do: :ok

  defp pids_max_events do
    case :prim_file.read_file(@pids_events) do
      {:ok, text} ->
        case :re.run(text, "^max (\\d+)", [:multiline, {:capture, :all_but_first, :binary}]) do
          {:match, [n]} -> :erlang.binary_to_integer(n)
          _ -> 0
        end

      _ ->
        0
    end
  end

  # A small JSON encoder for the result (maps with atom keys, strings, integers, booleans, nil,
  # lists), so the result path does not depend on modules learner code could redefine.
  defp encode(nil), do: "null"
  defp encode(true), do: "true"
  defp encode(false), do: "false"
  defp encode(value) when is_integer(value), do: :erlang.integer_to_binary(value)
  defp encode(value) when is_binary(value), do: [?", escape(value, []), ?"]
  defp encode(value) when is_atom(value), do: encode(:erlang.atom_to_binary(value))
  defp encode(value) when is_list(value), do: [?[, encode_list(value), ?]]
  defp encode(value) when is_map(value), do: [?{, encode_pairs(:maps.to_list(value)), ?}]

  defp encode_list([]), do: []
  defp encode_list([last]), do: encode(last)
  defp encode_list([head | rest]), do: [encode(head), ?, | encode_list(rest)]

  defp encode_pairs([]), do: []
  defp encode_pairs([{k, v}]), do: [encode(k), ?:, encode(v)]
  defp encode_pairs([{k, v} | rest]), do: [encode(k), ?:, encode(v), ?, | encode_pairs(rest)]

  defp escape(<<>>, acc), do: :lists.reverse(acc)
  defp escape(<<?", rest::binary>>, acc), do: escape(rest, ["\\\"" | acc])
  defp escape(<<?\\, rest::binary>>, acc), do: escape(rest, ["\\\\" | acc])
  defp escape(<<c, rest::binary>>, acc) when c < 0x20, do: escape(rest, [["\\u00", hex(:erlang.bsr(c, 4)), hex(:erlang.band(c, 15))] | acc])
  defp escape(<<c, rest::binary>>, acc), do: escape(rest, [c | acc])

  defp hex(n) when n < 10, do: ?0 + n
  defp hex(n), do: ?a + n - 10

  # ---- learner side: evaluate the program, then the tests ------------------------------------

  defp evaluate(code, tests, out, harness, token) do
    Process.group_leader(self(), out)
    result = evaluate_program(code)

    result =
      if result.status == "ok" and is_binary(tests),
        do: run_tests(tests),
        else: result

    send(harness, {:evaluated, token, result})
  end

  # The learner's side of a judged run: the program runs as usual; when it ran, the modules it
  # defined are described for the judge and this VM goes on answering calls.
  defp serve(code, out, harness, token) do
    Process.group_leader(self(), out)
    before = MapSet.new(:code.all_loaded(), &elem(&1, 0))
    result = evaluate_program(code)

    if result.status == "ok" do
      interface = Sandbox.Serve.interface(before)
      send(harness, {:serving, token, Base.encode64(:erlang.term_to_binary(interface))})
    else
      send(harness, {:evaluated, token, result})
    end
  end

  defp judge(tests, out, harness, token) do
    Process.group_leader(self(), out)
    Sandbox.Judge.evaluate(tests, harness, token)
  end

  defp evaluate_program(code) do
    {outcome, diagnostics} =
      Code.with_diagnostics([log: true], fn ->
        try do
          Code.eval_string(code, [], file: @file_name)
          :ok
        catch
          kind, reason -> {kind, reason, __STACKTRACE__}
        end
      end)

    classify(outcome, diagnostics)
  end

  defp classify(:ok, _diagnostics), do: %{status: "ok"}
  defp classify({:exit, :normal, _}, _diagnostics), do: %{status: "ok"}

  defp classify({:error, %CompileError{} = error, _}, diagnostics) do
    case Enum.find(diagnostics, &(&1.severity == :error)) do
      %{message: message, position: position} -> compile_error(message, position_line(position))
      nil -> compile_error(Exception.message(error), positive(error.line))
    end
  end

  defp classify({:error, %kind{} = error, _}, _diagnostics)
       when kind in [SyntaxError, TokenMissingError, MismatchedDelimiterError] do
    compile_error(Exception.message(error), positive(error.line))
  end

  defp classify({kind, reason, stacktrace}, _diagnostics), do: runtime_error(kind, reason, stacktrace)

  # ExUnit: the tests become the body of one test module, compiled after the learner's code, run
  # in written order (seed 0) with a formatter that records each result.
  @doc false
  def run_tests(tests) do
    case Code.string_to_quoted(tests, file: @tests_file, columns: false) do
      {:ok, ast} -> run_compiled_tests(ast, Sandbox.TestHelpers, [])
      {:error, _} -> run_compiled_tests(tests, Sandbox.TestHelpers, [])
    end
  end

  # The judge's tests: every test first resets the learner's VM and says which test it is.
  @doc false
  def run_judged_tests(ast) do
    with {:ok, module} <- compile_judged_tests(ast), do: run_test_module(module)
  end

  @doc false
  def compile_judged_tests(ast) do
    setup =
      quote do
        setup context do
          Sandbox.Judge.begin_test(context.test)
          :ok
        end
      end

    compile_tests(ast, Sandbox.JudgeHelpers, [setup])
  end

  defp run_compiled_tests(tests, helpers, prelude) do
    with {:ok, module} <- compile_tests(tests, helpers, prelude), do: run_test_module(module)
  end

  @doc false
  def run_test_module(module) do
    table = :ets.new(:sandbox_test_results, [:public, :ordered_set, :named_table])
    ExUnit.configure(formatters: [Sandbox.Harness.Collector], seed: 0, max_cases: 1, timeout: :infinity)
    ExUnit.run([module])
    results = :ets.tab2list(table) |> Enum.map(fn {_, result} -> result end)
    %{status: "ok", tests: results}
  end

  defp compile_tests(tests, helpers, prelude) do
    module = Sandbox.LearnerTests

    {outcome, diagnostics} =
      Code.with_diagnostics([log: false], fn ->
        try do
          {:ok, ast} = if is_binary(tests), do: Code.string_to_quoted(tests, file: @tests_file, columns: false), else: {:ok, tests}

          quoted =
            quote do
              defmodule unquote(module) do
                use ExUnit.Case, async: false
                import unquote(helpers)
                unquote_splicing(prelude)
                unquote(ast)
              end
            end

          Code.compile_quoted(quoted, @tests_file)
          :ok
        catch
          kind, reason -> {kind, reason, __STACKTRACE__}
        end
      end)

    case outcome do
      :ok ->
        {:ok, module}

      {kind, reason, stacktrace} ->
        detail =
          case Enum.find(diagnostics, &(&1.severity == :error)) do
            %{message: message} -> message
            nil -> banner(kind, reason, stacktrace)
          end

        message =
          "The exercise's tests could not be compiled; this is a problem with the exercise, not with your code.\n" <>
            detail

        %{status: "runtime_error", message: printable(message), line: nil, stacktrace: ""}
    end
  end

  @doc false
  def format_failure({kind, %ExUnit.AssertionError{} = error, _stack}) when kind in [:error] do
    no_value = ExUnit.AssertionError.no_value()

    [
      error.message,
      if(error.expr != no_value, do: "code: " <> Macro.to_string(error.expr)),
      if(error.left != no_value, do: "left: " <> inspect(error.left, pretty: true, limit: 50)),
      if(error.right != no_value, do: "right: " <> inspect(error.right, pretty: true, limit: 50))
    ]
    |> Enum.reject(&is_nil/1)
    |> Enum.join("\n")
    |> printable()
  end

  def format_failure({kind, reason, stack}) do
    where =
      case Enum.find(stack, &learner_frame?/1) do
        {_, _, _, location} -> " (#{@file_name}:#{location[:line]})"
        nil -> ""
      end

    printable(banner(kind, reason, stack) <> where)
  end

  @doc false
  def max_heap_filter(%{msg: {:report, _}} = event, _harness), do: event

  def max_heap_filter(%{meta: %{error_logger: %{emulator: true}, pid: pid}, msg: {format, _}} = event, harness) do
    if is_list(format) and :string.find(format, ~c"maximum heap size reached") != :nomatch do
      send(harness, {:max_heap, pid})
      :stop
    else
      event
    end
  catch
    _, _ -> event
  end

  def max_heap_filter(event, _harness), do: event

  # ---- output capture ---------------------------------------------------------------------------

  defp redirect_standard_error(err) do
    Process.unregister(:standard_error)
    Process.register(err, :standard_error)
  end

  # Logger's default handler writes straight to the `user` process; re-add it on the capture.
  defp redirect_logger(out) do
    with {:ok, handler} <- :logger.get_handler_config(:default),
         :ok <- :logger.remove_handler(:default) do
      config = Map.put(handler.config, :type, {:device, out})
      :logger.add_handler(:default, handler.module, %{handler | config: config})
    end
  end

  # An I/O server (Erlang I/O protocol) that hands writes to the harness as frames. Reads get :eof.
  # Past the byte limit it drops the rest, tells the harness, and leaves the writer waiting.
  defp capture_loop(harness, stream, used) do
    receive do
      {:io_request, from, reply_as, request} when used <= @stream_limit ->
        {reply, used} = handle_request(request, harness, stream, used)
        if used <= @stream_limit, do: send(from, {:io_reply, reply_as, reply})
        capture_loop(harness, stream, used)

      _ ->
        capture_loop(harness, stream, used)
    end
  end

  defp handle_request({:requests, requests}, harness, stream, used) do
    Enum.reduce_while(requests, {:ok, used}, fn request, {_, used} ->
      case handle_request(request, harness, stream, used) do
        {:ok, used} -> {:cont, {:ok, used}}
        other -> {:halt, other}
      end
    end)
  end

  defp handle_request(request, harness, stream, used) do
    case io_chars(request) do
      {:ok, data} -> {:ok, write(data, harness, stream, used)}
      :not_output -> {io_control_reply(request), used}
    end
  catch
    _, _ -> {{:error, :put_chars}, used}
  end

  @doc false
  def io_chars(request)
  def io_chars({:put_chars, :unicode, data}) when is_binary(data), do: {:ok, data}
  def io_chars({:put_chars, :unicode, data}), do: {:ok, :unicode.characters_to_binary(data)}
  def io_chars({:put_chars, :latin1, data}), do: {:ok, IO.iodata_to_binary(data)}
  def io_chars({:put_chars, data}), do: {:ok, IO.iodata_to_binary(data)}
  def io_chars({:put_chars, enc, m, f, a}), do: io_chars({:put_chars, enc, apply(m, f, a)})
  def io_chars({:put_chars, m, f, a}), do: io_chars({:put_chars, :latin1, apply(m, f, a)})
  def io_chars(_), do: :not_output

  @doc false
  def io_control_reply(request)
  def io_control_reply(:getopts), do: [binary: true, encoding: :unicode]
  def io_control_reply({:setopts, _}), do: :ok
  def io_control_reply({:get_chars, _, _}), do: :eof
  def io_control_reply({:get_chars, _, _, _}), do: :eof
  def io_control_reply({:get_line, _}), do: :eof
  def io_control_reply({:get_line, _, _}), do: :eof
  def io_control_reply({:get_until, _, _, _, _}), do: :eof
  def io_control_reply({:get_until, _, _, _, _, _}), do: :eof
  def io_control_reply(_), do: {:error, :enotsup}

  defp write(data, harness, stream, used) when is_binary(data) do
    room = max(@stream_limit - used, 0)
    kept = binary_part(data, 0, min(byte_size(data), room))
    if kept != "", do: emit_via(harness, stream, kept)
    if byte_size(data) > room, do: send(harness, {:output_limit, stream})
    used + byte_size(data)
  end

  # The write is in the port's queue before the learner's IO call returns, so output printed just
  # before System.halt/1 is not lost. A harness that does not answer (killed) does not block.
  defp emit_via(harness, stream, data) do
    tag = make_ref()
    send(harness, {:emit, self(), tag, stream, data})

    receive do
      {^tag, :emitted} -> :ok
    after
      1_000 -> :ok
    end
  end

  # ---- formatting ---------------------------------------------------------------------------------

  defp compile_error(message, line),
    do: %{status: "compile_error", message: printable(message), line: line}

  defp runtime_error(kind, reason, stacktrace) do
    frames = Enum.filter(stacktrace, &learner_frame?/1)
    line = Enum.find_value(frames, fn {_, _, _, location} -> positive(location[:line]) end)

    %{
      status: "runtime_error",
      message: printable(banner(kind, reason, stacktrace)),
      line: line,
      stacktrace: printable(format_frames(frames))
    }
  end

  # Formatting can itself raise on odd reasons; the learner still gets a message.
  defp banner(kind, reason, stacktrace) do
    Exception.format_banner(kind, reason, stacktrace)
  catch
    _, _ -> "** (#{kind}) #{inspect(reason, limit: 50, printable_limit: 4096)}"
  end

  defp learner_frame?({_, _, _, location}) when is_list(location),
    do: location[:file] == ~c"main.exs"

  defp learner_frame?(_), do: false

  defp format_frames([]), do: ""

  defp format_frames(frames) do
    Exception.format_stacktrace(frames)
  catch
    _, _ -> ""
  end

  defp position_line({line, _column}), do: positive(line)
  defp position_line(line), do: positive(line)

  defp positive(line) when is_integer(line) and line > 0, do: line
  defp positive(_), do: nil

  defp printable(text) when byte_size(text) > @text_limit,
    do: String.replace_invalid(binary_part(text, 0, @text_limit)) <> "…"

  defp printable(text), do: String.replace_invalid(text)

  defp catch_all(fun) do
    fun.()
  catch
    _, _ -> :error
  end
end

defmodule Sandbox.Harness.Collector do
  @moduledoc false
  # ExUnit formatter that records each finished test, in order, for the harness.
  use GenServer

  @impl true
  def init(_opts), do: {:ok, 0}

  @impl true
  def handle_cast({:test_finished, %ExUnit.Test{} = test}, count) do
    :ets.insert(:sandbox_test_results, {count, result(test)})
    {:noreply, count + 1}
  end

  def handle_cast(_event, count), do: {:noreply, count}

  defp result(%ExUnit.Test{name: test_name, state: state}) do
    name = test_name |> Atom.to_string() |> String.replace_prefix("test ", "")

    result =
      case state do
      nil -> %{name: name, passed: true, message: nil}
      {:failed, [failure | _]} -> %{name: name, passed: false, message: Sandbox.Harness.format_failure(failure)}
      {:invalid, _} -> %{name: name, passed: false, message: "The test could not run: its setup failed."}
      {:skipped, _} -> %{name: name, passed: false, message: "The test was skipped."}
      {:excluded, _} -> %{name: name, passed: false, message: "The test was excluded."}
      _ -> %{name: name, passed: false, message: "The test did not pass."}
      end

    case Sandbox.Judge.output_of(test_name) do
      nil -> result
      output -> Map.put(result, :output, output)
    end
  end
end

defmodule Sandbox.TestHelpers do
  @moduledoc false
  # Imported into every exercise's tests. `remote(module, fun, args)` calls a function where the
  # learner's code runs (for example `remote(Process, :alive?, [pid])`): tests use it instead of
  # calling process functions on the learner's pids themselves.
  def remote(module, fun, args) when is_atom(module) and is_atom(fun) and is_list(args), do: apply(module, fun, args)
end

defmodule Sandbox.JudgeHelpers do
  @moduledoc false
  # The judge's version of Sandbox.TestHelpers: `remote/3` crosses to the learner's VM.
  defdelegate remote(module, fun, args), to: Sandbox.Judge
end

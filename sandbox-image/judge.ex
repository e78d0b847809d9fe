defmodule Sandbox.Remote do
  @moduledoc false
  # A pid, port or reference that lives in the learner's VM, as the judge holds it.
  defstruct [:kind, :id]
end

defmodule Sandbox.Wire do
  @moduledoc false
  # Terms crossing between the learner's container and the judge's, as external term format in
  # base64 inside JSON lines. Neither side sends a pid, port, reference or fun as itself: each
  # becomes a handle `{:"$sbx", kind, id}` (funs also carry their arity) that only the side which
  # made it can turn back into the real thing. Handles the learner's side made: :pid, :port, :ref,
  # :fun. Handles the judge made: :jpid, :jref, :jfun.

  @max_term_bytes 1_048_576
  def max_term_bytes, do: @max_term_bytes

  def to_b64(term), do: Base.encode64(:erlang.term_to_binary(term))

  # ---- learner side ---------------------------------------------------------------------------

  @doc false
  def learner_table do
    case :persistent_term.get({__MODULE__, :learner}, nil) do
      nil ->
        table = :ets.new(:sandbox_learner_handles, [:public, :set])
        :persistent_term.put({__MODULE__, :learner}, table)
        table

      table ->
        table
    end
  end

  def learner_out(term), do: learner_out(term, learner_table())

  defp learner_out(term, t) when is_pid(term), do: local_handle(t, :pid, term)
  defp learner_out(term, t) when is_port(term), do: local_handle(t, :port, term)
  defp learner_out(term, t) when is_reference(term) do
    case :ets.lookup(t, {:jref_of, term}) do
      [{_, id}] -> {:"$sbx", :jref, id}
      [] -> local_handle(t, :ref, term)
    end
  end

  defp learner_out(term, t) when is_function(term) do
    case :ets.lookup(t, {:jfun_of, term}) do
      [{_, id}] -> {:"$sbx", :jfun, id}
      [] -> local_handle(t, :fun, term)
    end
  end

  defp learner_out(term, t) when is_list(term), do: map_list(term, &learner_out(&1, t))
  defp learner_out(term, t) when is_tuple(term), do: term |> Tuple.to_list() |> Enum.map(&learner_out(&1, t)) |> List.to_tuple()
  defp learner_out(term, t) when is_map(term), do: :maps.from_list(for {k, v} <- :maps.to_list(term), do: {learner_out(k, t), learner_out(v, t)})
  defp learner_out(term, _t), do: term

  defp local_handle(t, kind, term) do
    id =
      case :ets.lookup(t, {:id_of, term}) do
        [{_, id}] ->
          id

        [] ->
          id = :ets.update_counter(t, :next_id, 1, {:next_id, 0})
          :ets.insert(t, [{{:id_of, term}, id}, {{:term, id}, term}])
          id
      end

    if kind == :fun, do: {:"$sbx", :fun, id, :erlang.fun_info(term, :arity) |> elem(1)}, else: {:"$sbx", kind, id}
  end

  # What the judge sent: its handles become stand-ins here (a fun that calls back, a reference,
  # a process that forwards what it receives), the learner's own handles become the real things.
  def learner_in(term, callback, forward), do: learner_in(term, learner_table(), callback, forward)

  defp learner_in({:"$sbx", kind, id}, t, _cb, _fw) when kind in [:pid, :port, :ref, :fun] and is_integer(id) do
    case :ets.lookup(t, {:term, id}) do
      [{_, term}] -> term
      [] -> raise ArgumentError, "the tests passed a #{kind} this program never returned"
    end
  end

  defp learner_in({:"$sbx", :fun, id, _arity}, t, cb, fw), do: learner_in({:"$sbx", :fun, id}, t, cb, fw)

  defp learner_in({:"$sbx", :jref, id}, t, _cb, _fw) when is_integer(id) do
    stand_in(t, {:jref, id}, fn -> make_ref() end, :jref_of)
  end

  defp learner_in({:"$sbx", :jpid, id}, t, _cb, fw) when is_integer(id) do
    stand_in(t, {:jpid, id}, fn -> spawn(fn -> fw.(id) end) end, :jpid_of)
  end

  defp learner_in({:"$sbx", :jfun, id, arity}, t, cb, _fw) when is_integer(id) and arity in 0..8 do
    stand_in(t, {:jfun, id}, fn -> fun_of_arity(arity, fn args -> cb.(id, args) end) end, :jfun_of)
  end

  defp learner_in(term, t, cb, fw) when is_list(term), do: map_list(term, &learner_in(&1, t, cb, fw))
  defp learner_in(term, t, cb, fw) when is_tuple(term), do: term |> Tuple.to_list() |> Enum.map(&learner_in(&1, t, cb, fw)) |> List.to_tuple()
  defp learner_in(term, t, cb, fw) when is_map(term), do: :maps.from_list(for {k, v} <- :maps.to_list(term), do: {learner_in(k, t, cb, fw), learner_in(v, t, cb, fw)})
  defp learner_in(term, _t, _cb, _fw), do: term

  defp stand_in(t, key, make, reverse) do
    case :ets.lookup(t, key) do
      [{_, term}] ->
        term

      [] ->
        term = make.()
        :ets.insert(t, [{key, term}, {{reverse, term}, elem(key, 1)}])
        term
    end
  end

  # ---- judge side -----------------------------------------------------------------------------

  @doc false
  def judge_table do
    case :persistent_term.get({__MODULE__, :judge}, nil) do
      nil ->
        table = :ets.new(:sandbox_judge_handles, [:public, :set])
        :persistent_term.put({__MODULE__, :judge}, table)
        table

      table ->
        table
    end
  end

  def judge_out(term), do: judge_out(term, judge_table())

  defp judge_out(%Sandbox.Remote{kind: kind, id: id}, _t) when kind in [:pid, :port, :ref], do: {:"$sbx", kind, id}
  defp judge_out(term, t) when is_pid(term), do: judge_handle(t, :jpid, term)
  defp judge_out(term, t) when is_reference(term) or is_port(term), do: judge_handle(t, :jref, term)

  defp judge_out(term, t) when is_function(term) do
    case :ets.lookup(t, {:lfun_of, term}) do
      [{_, id}] -> {:"$sbx", :fun, id}
      [] -> judge_handle(t, :jfun, term)
    end
  end

  defp judge_out(term, t) when is_list(term), do: map_list(term, &judge_out(&1, t))
  defp judge_out(term, t) when is_tuple(term), do: term |> Tuple.to_list() |> Enum.map(&judge_out(&1, t)) |> List.to_tuple()

  defp judge_out(term, t) when is_map(term) and not is_struct(term, Sandbox.Remote),
    do: :maps.from_list(for {k, v} <- :maps.to_list(term), do: {judge_out(k, t), judge_out(v, t)})

  defp judge_out(term, _t), do: term

  defp judge_handle(t, kind, term) do
    id =
      case :ets.lookup(t, {:id_of, term}) do
        [{_, id}] ->
          id

        [] ->
          id = :ets.update_counter(t, :next_id, 1, {:next_id, 0})
          :ets.insert(t, [{{:id_of, term}, id}, {{:term, id}, term}])
          id
      end

    if kind == :jfun, do: {:"$sbx", :jfun, id, :erlang.fun_info(term, :arity) |> elem(1)}, else: {:"$sbx", kind, id}
  end

  # What the learner's container sent: untrusted bytes. They are size-capped and decoded; every
  # pid, port, reference or fun in them that is not one of the judge's own handles becomes a
  # Sandbox.Remote, so nothing the learner made can run or be messaged here.
  def judge_in(binary, call_fun) when is_binary(binary) and byte_size(binary) <= @max_term_bytes do
    term =
      try do
        :erlang.binary_to_term(binary, [:safe])
      rescue
        ArgumentError -> :erlang.binary_to_term(binary)
      end

    {:ok, judge_in(term, judge_table(), call_fun)}
  rescue
    _ -> :error
  end

  def judge_in(_binary, _call_fun), do: :error

  defp judge_in({:"$sbx", kind, id}, _t, _cf) when kind in [:pid, :port, :ref] and is_integer(id), do: %Sandbox.Remote{kind: kind, id: id}

  defp judge_in({:"$sbx", :fun, id, arity}, t, cf) when is_integer(id) and arity in 0..8 do
    case :ets.lookup(t, {:lfun, id}) do
      [{_, fun}] ->
        fun

      [] ->
        fun = fun_of_arity(arity, fn args -> cf.(id, args) end)
        :ets.insert(t, [{{:lfun, id}, fun}, {{:lfun_of, fun}, id}])
        fun
    end
  end

  defp judge_in({:"$sbx", kind, id}, t, _cf) when kind in [:jpid, :jref, :jfun] and is_integer(id) do
    case :ets.lookup(t, {:term, id}) do
      [{_, term}] -> term
      [] -> %Sandbox.Remote{kind: :unknown, id: id}
    end
  end

  defp judge_in(term, _t, _cf) when is_pid(term), do: %Sandbox.Remote{kind: :pid, id: -1}
  defp judge_in(term, _t, _cf) when is_port(term), do: %Sandbox.Remote{kind: :port, id: -1}
  defp judge_in(term, _t, _cf) when is_reference(term), do: %Sandbox.Remote{kind: :ref, id: -1}
  defp judge_in(term, _t, _cf) when is_function(term), do: %Sandbox.Remote{kind: :fun, id: -1}
  defp judge_in(term, t, cf) when is_list(term), do: map_list(term, &judge_in(&1, t, cf))
  defp judge_in(term, t, cf) when is_tuple(term), do: term |> Tuple.to_list() |> Enum.map(&judge_in(&1, t, cf)) |> List.to_tuple()
  defp judge_in(term, t, cf) when is_map(term), do: :maps.from_list(for {k, v} <- :maps.to_list(term), do: {judge_in(k, t, cf), judge_in(v, t, cf)})
  defp judge_in(term, _t, _cf), do: term

  # ---- both -----------------------------------------------------------------------------------

  # Lists may be improper ([1 | 2]).
  defp map_list([], _f), do: []
  defp map_list([head | tail], f) when is_list(tail), do: [f.(head) | map_list(tail, f)]
  defp map_list([head | tail], f), do: [f.(head) | f.(tail)]

  def fun_of_arity(0, f), do: fn -> f.([]) end
  def fun_of_arity(1, f), do: fn a -> f.([a]) end
  def fun_of_arity(2, f), do: fn a, b -> f.([a, b]) end
  def fun_of_arity(3, f), do: fn a, b, c -> f.([a, b, c]) end
  def fun_of_arity(4, f), do: fn a, b, c, d -> f.([a, b, c, d]) end
  def fun_of_arity(5, f), do: fn a, b, c, d, e -> f.([a, b, c, d, e]) end
  def fun_of_arity(6, f), do: fn a, b, c, d, e, g -> f.([a, b, c, d, e, g]) end
  def fun_of_arity(7, f), do: fn a, b, c, d, e, g, h -> f.([a, b, c, d, e, g, h]) end
  def fun_of_arity(8, f), do: fn a, b, c, d, e, g, h, i -> f.([a, b, c, d, e, g, h, i]) end
end

defimpl Inspect, for: Sandbox.Remote do
  def inspect(%Sandbox.Remote{kind: :pid, id: id}, _opts), do: "#PID<learner.#{id}>"
  def inspect(%Sandbox.Remote{kind: :port, id: id}, _opts), do: "#Port<learner.#{id}>"
  def inspect(%Sandbox.Remote{kind: :ref, id: id}, _opts), do: "#Reference<learner.#{id}>"
  def inspect(%Sandbox.Remote{kind: kind, id: id}, _opts), do: "#Remote<#{kind}.#{id}>"
end

defmodule Sandbox.RemoteError do
  @moduledoc false
  # An exception from the learner's code whose module the judge does not know.
  defexception [:message]
end

defmodule Sandbox.Serve do
  @moduledoc false
  # The learner's side of a judged run. After the program has run, this VM answers the judge's
  # calls: each judge process gets an executor here that applies the calls it sends, one at a
  # time, with its output captured per call. Nothing here is trusted by the judge or the host.

  @skip [module_info: 0, module_info: 1, __info__: 1, __struct__: 0, __struct__: 1]
  @max_modules 200
  @max_functions 500
  @call_output_limit 65_536

  # The modules the program defined, with what a proxy of each needs.
  def interface(before) do
    :code.all_loaded()
    |> Enum.map(&elem(&1, 0))
    |> Enum.reject(&MapSet.member?(before, &1))
    |> Enum.filter(&learner_module?/1)
    |> Enum.take(@max_modules)
    |> Enum.map(&describe/1)
    |> Sandbox.Wire.learner_out()
  end

  defp learner_module?(mod) do
    name = Atom.to_string(mod)

    String.starts_with?(name, "Elixir.") and not String.starts_with?(name, "Elixir.Sandbox.") and
      case :code.which(mod) do
        path when is_list(path) -> not List.ends_with?(path, ~c".beam")
        _ -> true
      end
  end

  defp describe(mod) do
    exports = mod.module_info(:exports) |> Enum.reject(&(&1 in @skip)) |> Enum.take(@max_functions)

    struct =
      if function_exported?(mod, :__struct__, 0) do
        mod.__struct__() |> Map.delete(:__struct__) |> Map.to_list()
      end

    impl =
      if function_exported?(mod, :__impl__, 1) do
        {mod.__impl__(:protocol), mod.__impl__(:for)}
      end

    %{module: mod, exports: exports, struct: struct, impl: impl}
  rescue
    _ -> %{module: mod, exports: [], struct: nil, impl: nil}
  end

  # ---- in the harness's main process ----------------------------------------------------------

  def init(state), do: Map.merge(state, %{executors: %{}, calls: %{}, pending_cb: %{}, next_cb: 0})

  # A call from judge process `caller`: to its executor (started on first use).
  def call(state, id, caller, payload) do
    {executor, state} = executor(state, caller)
    send(executor, {:call, id, payload})
    %{state | calls: Map.put(state.calls, id, caller)}
  end

  def replied(state, id, b64) do
    Sandbox.Harness.emit_frame(state, ["{\"t\":\"reply\",\"id\":", Integer.to_string(id), ",\"d\":\"", b64, "\"}\n"])
    %{state | calls: Map.delete(state.calls, id)}
  end

  def callback_reply(state, id, payload) do
    case Map.pop(state.pending_cb, id) do
      {nil, _} ->
        state

      {{pid, tag}, pending} ->
        send(pid, {tag, payload})
        %{state | pending_cb: pending}
    end
  end

  # A stand-in fun was called: ask the judge to run the fun it stands for.
  def callback_request(state, from, tag, fun_id, args_b64) do
    id = state.next_cb + 1
    Sandbox.Harness.emit_frame(state, ["{\"t\":\"cb\",\"id\":", Integer.to_string(id), ",\"f\":", Integer.to_string(fun_id), ",\"d\":\"", args_b64, "\"}\n"])
    %{state | next_cb: id, pending_cb: Map.put(state.pending_cb, id, {from, tag})}
  end

  # Between two tests: the earlier tests' executors stop as ExUnit stops a test process
  # (exit :shutdown), and so do the processes linked to them, before the next call is taken.
  def reset(state) do
    executors = Map.values(state.executors)
    linked = Enum.flat_map(executors, fn {pid, _} -> linked(pid) end)
    refs = Enum.map(Enum.uniq(Enum.map(executors, &elem(&1, 0)) ++ linked), &Process.monitor/1)
    Enum.each(executors, fn {pid, _} -> Process.exit(pid, :shutdown) end)
    wait_down(refs, System.monotonic_time(:millisecond) + 500)
    %{state | executors: %{}}
  end

  defp linked(pid) do
    case Process.info(pid, :links) do
      {:links, links} -> Enum.filter(links, &is_pid/1)
      _ -> []
    end
  end

  defp wait_down([], _until), do: :ok

  defp wait_down([ref | rest], until) do
    wait = max(until - System.monotonic_time(:millisecond), 0)

    receive do
      {:DOWN, ^ref, :process, _, _} -> wait_down(rest, until)
    after
      wait -> :ok
    end
  end

  defp executor(state, caller) do
    case state.executors do
      %{^caller => {pid, _}} ->
        {pid, state}

      _ ->
        harness = self()
        device = spawn(fn -> capture(harness, [], 0) end)

        {pid, ref} =
          spawn_monitor(fn ->
            Process.group_leader(self(), device)
            execute(harness, device)
          end)

        {pid, %{state | executors: Map.put(state.executors, caller, {pid, ref})}}
    end
  end

  # An executor died between or during calls (a linked process took it down, or the VM killed it
  # at the heap limit): the call it was running gets that exit as its answer.
  def executor_down(state, ref, reason) do
    case Enum.find(state.executors, fn {_, {_, r}} -> r == ref end) do
      nil ->
        {:ok, state}

      {caller, {pid, _}} ->
        state = %{state | executors: Map.delete(state.executors, caller)}

        if reason == :killed do
          {:killed, pid, state}
        else
          {ids, calls} = Enum.split_with(state.calls, fn {_, c} -> c == caller end)
          state = %{state | calls: Map.new(calls)}
          answer = Base.encode64(:erlang.term_to_binary(Sandbox.Wire.learner_out({:exit, reason, ""})))
          {:ok, Enum.reduce(ids, state, fn {id, _}, acc -> replied(acc, id, answer) end)}
        end
    end
  end

  # ---- in an executor ----------------------------------------------------------------------

  defp execute(harness, device) do
    receive do
      {:call, id, payload} ->
        reply = run_call(payload, harness)
        output = take_output(device)
        bin = :erlang.term_to_binary(Sandbox.Wire.learner_out(put_elem(reply, tuple_size(reply) - 1, output)))
        send(harness, {:sandbox, {:reply, id, Base.encode64(bin)}})
        execute(harness, device)
    end
  end

  defp run_call(payload, harness) do
    case Sandbox.Wire.learner_in(:erlang.binary_to_term(payload), callback_fun(harness), forward_fun(harness)) do
      {:"$sbx_fun", fun, args} when is_function(fun) and is_list(args) -> {:ok, apply(fun, args), ""}
      {mod, fun, args} when is_atom(mod) and is_atom(fun) and is_list(args) -> {:ok, apply(mod, fun, args), ""}
    end
  catch
    :error, reason ->
      stack = __STACKTRACE__
      exception = Exception.normalize(:error, reason, stack)
      message = safe_message(exception)
      frames = Enum.filter(stack, &learner_frame?/1) |> Enum.map(&plain_frame/1)
      {:raise, exception, message, frames, ""}

    :throw, value ->
      {:throw, value, ""}

    :exit, reason ->
      {:exit, reason, ""}
  end

  defp safe_message(exception) do
    Exception.message(exception)
  catch
    _, _ -> "an exception that could not be formatted"
  end

  defp learner_frame?({_, _, _, location}) when is_list(location), do: location[:file] == ~c"main.exs"
  defp learner_frame?(_), do: false

  defp plain_frame({m, f, a, location}) do
    arity = if is_list(a), do: length(a), else: a
    {m, f, arity, [file: ~c"main.exs", line: location[:line] || 0]}
  end

  defp callback_fun(harness) do
    fn fun_id, args ->
      tag = make_ref()
      args_b64 = Base.encode64(:erlang.term_to_binary(Sandbox.Wire.learner_out(args)))
      send(harness, {:sandbox, {:callback, self(), tag, fun_id, args_b64}})

      receive do
        {^tag, payload} ->
          case Sandbox.Wire.learner_in(:erlang.binary_to_term(Base.decode64!(payload)), callback_fun(harness), forward_fun(harness)) do
            {:ok, value} -> value
            {:raise, exception} -> raise exception
            {:throw, value} -> throw(value)
            {:exit, reason} -> exit(reason)
          end
      end
    end
  end

  # A stand-in for a judge process: forwards what it receives to the judge.
  defp forward_fun(harness) do
    fn id -> forward(harness, id) end
  end

  defp forward(harness, id) do
    receive do
      message ->
        send(harness, {:sandbox, {:forward, id, Base.encode64(:erlang.term_to_binary(Sandbox.Wire.learner_out(message)))}})
        forward(harness, id)
    end
  end

  # The executor's group leader: keeps what the call prints until the executor takes it.
  defp capture(harness, acc, used) do
    receive do
      {:take, from, tag} ->
        send(from, {tag, IO.iodata_to_binary(Enum.reverse(acc))})
        capture(harness, [], used)

      {:io_request, from, reply_as, request} ->
        case Sandbox.Harness.io_chars(request) do
          {:ok, data} ->
            used = used + byte_size(data)
            if used > @call_output_limit, do: send(harness, {:output_limit, :out})
            send(from, {:io_reply, reply_as, :ok})
            capture(harness, [data | acc], used)

          :not_output ->
            send(from, {:io_reply, reply_as, Sandbox.Harness.io_control_reply(request)})
            capture(harness, acc, used)
        end

      _ ->
        capture(harness, acc, used)
    end
  end

  defp take_output(device) do
    tag = make_ref()
    send(device, {:take, self(), tag})

    receive do
      {^tag, data} -> data
    after
      1_000 -> ""
    end
  end
end

defmodule Sandbox.Judge do
  @moduledoc false
  # The trusted side of a judged run. This VM holds the exercise's tests and never runs learner
  # code: every module the learner's program defined becomes a proxy here whose functions send
  # the call, through the host, to the learner's container and wait for the answer. Structs get
  # the learner's fields, exceptions stay exceptions, and implementations of protocols this VM
  # knows (String.Chars, Inspect, Enumerable, ...) forward to the learner's implementation.

  @output_limit 8_192

  def harness, do: :persistent_term.get({__MODULE__, :harness})

  # ---- in the test runner (the harness's evaluator) -------------------------------------------

  def evaluate(tests, harness, token) do
    :persistent_term.put({__MODULE__, :harness}, harness)
    # Nothing compiled here is learner code, and its warnings are never shown: no docs, debug
    # info, type inference or undefined-module warnings to pay for (the last alone triples the
    # cost of compiling tests before the learner's modules exist).
    Code.compiler_options(docs: false, debug_info: false, infer_signatures: false, no_warn_undefined: :all)
    parsed = Code.string_to_quoted(tests, file: "tests.exs", columns: false)

    # While the learner's program runs in its own container, the tests are compiled here without
    # its modules: they call the learner's functions only at run time. Tests that need a learner
    # module while they compile (a struct literal, import, require, use, a call in a module
    # attribute) fail to compile now, leave nothing behind, and are compiled again once the
    # proxies exist.
    early =
      case parsed do
        {:ok, ast} -> Sandbox.Harness.compile_judged_tests(ast)
        {:error, _} -> :error
      end

    receive do
      {:sandbox_iface, payload} ->
        case Sandbox.Wire.judge_in(payload, &call_fun/2) do
          {:ok, modules} when is_list(modules) -> define_proxies(modules)
          _ -> :ok
        end
    end

    result =
      case {parsed, early} do
        {{:ok, _}, {:ok, module}} -> Sandbox.Harness.run_test_module(module)
        {{:ok, ast}, _} -> Sandbox.Harness.run_judged_tests(ast)
        {{:error, _}, _} -> Sandbox.Harness.run_tests(tests)
      end

    send(harness, {:evaluated, token, result})
  end

  def tables do
    :ets.new(:sandbox_judge_tests, [:public, :set, :named_table])
    Sandbox.Wire.judge_table()
  end

  # Modules with only functions (the common case) become proxies built as Erlang forms, which
  # compile in about a millisecond; structs, exceptions and protocol implementations go through
  # the Elixir compiler, which knows how to make them.
  defp define_proxies(modules) do
    modules = modules |> Enum.filter(&valid_module?/1) |> Enum.uniq_by(& &1.module)
    {impls, rest} = Enum.split_with(modules, &impl_of_known_protocol?/1)
    {plain, structs} = Enum.split_with(rest, &(Map.get(&1, :struct) == nil and Map.get(&1, :impl) == nil))
    Enum.each(plain, &load_forms_proxy/1)
    Enum.each(structs, &compile(proxy(&1)))
    Enum.each(impls, &compile(impl_proxy(&1)))
  end

  @reserved [module_info: 0, module_info: 1, __info__: 1]

  defp valid_module?(%{module: mod, exports: exports}) when is_atom(mod) and is_list(exports) do
    name = Atom.to_string(mod)

    String.starts_with?(name, "Elixir.") and not String.starts_with?(name, "Elixir.Sandbox.") and
      not String.starts_with?(name, "Elixir.ExUnit.") and not Code.ensure_loaded?(mod) and
      Enum.all?(exports, fn
        {f, a} -> is_atom(f) and is_integer(a) and a in 0..255 and {f, a} not in @reserved
        _ -> false
      end) and length(Enum.uniq(exports)) == length(exports)
  end

  defp valid_module?(_), do: false

  defp impl_of_known_protocol?(%{impl: {protocol, _for}}) when is_atom(protocol),
    do: Code.ensure_loaded?(protocol) and function_exported?(protocol, :__protocol__, 1)

  defp impl_of_known_protocol?(_), do: false

  defp proxy(%{module: mod, exports: exports} = description) do
    quote do
      defmodule unquote(mod) do
        unquote(struct_ast(Map.get(description, :struct)))
        unquote_splicing(forwarders(mod, exports))
      end
    end
  end

  # At boot: the first forms proxy loads the Erlang compiler's passes, off the learner's path.
  def warm_up, do: load_forms_proxy(%{module: Sandbox.WarmProxy, exports: [f: 1]})

  # The same forwarders as proxy/1 makes, plus the `__info__/1` every Elixir module has.
  defp load_forms_proxy(%{module: mod, exports: exports}) do
    functions = Enum.reject(exports, fn {f, _} -> String.starts_with?(Atom.to_string(f), "MACRO-") end)

    info =
      for {key, value} <- [module: mod, functions: Enum.sort(functions), macros: [], struct: nil, attributes: [], compile: [], deprecated: []] do
        {:clause, 1, [{:atom, 1, key}], [], [:erl_parse.abstract(value)]}
      end

    md5 = {:clause, 1, [{:atom, 1, :md5}], [], [{:call, 1, {:remote, 1, {:atom, 1, :erlang}, {:atom, 1, :get_module_info}}, [{:atom, 1, mod}, {:atom, 1, :md5}]}]}

    forwarders =
      for {fun, arity} <- exports do
        vars = for i <- 1..arity//1, do: {:var, 1, :"A#{i}"}
        args = List.foldr(vars, {nil, 1}, fn var, list -> {:cons, 1, var, list} end)
        call = {:call, 1, {:remote, 1, {:atom, 1, __MODULE__}, {:atom, 1, :call}}, [{:atom, 1, mod}, {:atom, 1, fun}, args]}
        {:function, 1, fun, arity, [{:clause, 1, vars, [], [call]}]}
      end

    forms = [
      {:attribute, 1, :file, {~c"proxy.ex", 1}},
      {:attribute, 1, :module, mod},
      {:attribute, 1, :export, [{:__info__, 1} | exports]},
      {:function, 1, :__info__, 1, info ++ [md5]}
      | forwarders
    ]

    # Forwarders have nothing to optimise: without the optimisation passes a proxy compiles in
    # about 0.7 ms instead of 1.3.
    case :compile.forms(forms, [:binary, :return_errors, :no_line_info, :no_ssa_opt, :no_bool_opt, :no_share_opt, :no_recv_opt, :no_postopt, :no_type_opt, :no_module_opt]) do
      {:ok, ^mod, binary} -> :code.load_binary(mod, ~c"proxy.ex", binary)
      _ -> :error
    end
  end

  defp impl_proxy(%{module: mod, exports: exports, impl: {protocol, for}}) do
    exports = Enum.reject(exports, fn {f, _} -> f == :__impl__ end)

    quote do
      defimpl unquote(protocol), for: unquote(for) do
        unquote_splicing(forwarders(mod, exports))
      end
    end
  end

  defp struct_ast(fields) when is_list(fields) do
    fields = Enum.filter(fields, &match?({key, _} when is_atom(key), &1))
    {exception, fields} = Keyword.pop(fields, :__exception__)
    fields = Enum.map(fields, fn {key, value} -> {key, if(escapable?(value), do: value, else: nil)} end)

    if exception == true do
      quote do: defexception(unquote(Macro.escape(fields)))
    else
      quote do: defstruct(unquote(Macro.escape(fields)))
    end
  end

  defp struct_ast(_), do: nil

  defp escapable?(value) do
    Macro.escape(value)
    true
  rescue
    _ -> false
  end

  defp forwarders(mod, exports) do
    for {fun, arity} <- exports do
      args = Macro.generate_arguments(arity, __MODULE__)

      quote do
        def unquote(fun)(unquote_splicing(args)), do: Sandbox.Judge.call(unquote(mod), unquote(fun), unquote(args))
      end
    end
  end

  defp compile(ast) do
    Code.with_diagnostics([log: false], fn ->
      try do
        Code.compile_quoted(ast, "proxy.ex")
      rescue
        _ -> :error
      end
    end)
  end

  # Every test starts from a clean slate in the learner's VM: the executors of earlier tests and
  # the processes linked to them are stopped first (injected as the test module's first setup).
  # Only calls leave executors behind, so a reset is asked for only after calls. Nothing waits
  # for it: the host relays frames in order and the learner's VM handles them in order, so the
  # reset is done before this test's first call runs there.
  def begin_test(name) do
    :ets.insert(:sandbox_judge_tests, {self(), name, Process.group_leader()})
    if :ets.take(:sandbox_judge_tests, :called) != [], do: send(harness(), {:sandbox, :reset})
    :ok
  end

  # ---- proxies call these --------------------------------------------------------------------

  def call(mod, fun, args) do
    payload = Sandbox.Wire.to_b64({mod, fun, Sandbox.Wire.judge_out(args)})

    case request(payload) do
      {:ok, reply} -> answer(reply)
      :error -> raise Sandbox.RemoteError, message: "the learner's program sent an answer that could not be read"
    end
  end

  # `remote(module, fun, args)` in tests: a call made where the learner's code runs.
  def remote(mod, fun, args) when is_atom(mod) and is_atom(fun) and is_list(args), do: call(mod, fun, args)

  defp call_fun(id, args) do
    payload = Sandbox.Wire.to_b64({:"$sbx_fun", {:"$sbx", :fun, id}, Sandbox.Wire.judge_out(args)})

    case request(payload) do
      {:ok, reply} -> answer(reply)
      :error -> raise Sandbox.RemoteError, message: "the learner's program sent an answer that could not be read"
    end
  end

  defp request(payload) do
    :ets.insert(:sandbox_judge_tests, {:called, true})
    tag = make_ref()
    send(harness(), {:sandbox, {:call, self(), tag, payload}})

    receive do
      {^tag, {:reply, binary}} -> Sandbox.Wire.judge_in(binary, &call_fun/2)
    end
  end

  defp answer({:ok, value, output}) do
    emit(output)
    value
  end

  defp answer({:raise, exception, message, frames, output}) do
    emit(output)
    frames = if is_list(frames), do: Enum.filter(frames, &match?({m, f, a, [file: ~c"main.exs", line: l]} when is_atom(m) and is_atom(f) and is_integer(a) and is_integer(l), &1)), else: []

    if is_exception(exception) and Code.ensure_loaded?(exception.__struct__) do
      :erlang.raise(:error, exception, frames)
    else
      :erlang.raise(:error, Sandbox.RemoteError.exception(message: to_text(message)), frames)
    end
  end

  defp answer({:throw, value, output}) do
    emit(output)
    throw(value)
  end

  defp answer({:exit, reason, output}) do
    emit(output)
    exit(reason)
  end
  defp answer(_), do: raise(Sandbox.RemoteError, message: "the learner's program sent a malformed answer")

  defp to_text(message) when is_binary(message), do: message
  defp to_text(_), do: "an exception from the learner's code"

  # What the call printed: into the caller's group leader when a test captures it (capture_io),
  # otherwise kept as the current test's output.
  defp emit(output) when is_binary(output) and output != "" do
    case current_test() do
      {name, gl} -> if Process.group_leader() == gl, do: keep_output(name, output), else: IO.write(output)
      nil -> IO.write(output)
    end
  end

  defp emit(_), do: :ok

  defp current_test do
    Enum.find_value([self() | Process.get(:"$callers", [])], fn pid ->
      case :ets.lookup(:sandbox_judge_tests, pid) do
        [{_, name, gl}] -> {name, gl}
        [] -> nil
      end
    end)
  end

  defp keep_output(name, output) do
    previous =
      case :ets.lookup(:sandbox_judge_tests, {:output, name}) do
        [{_, text}] -> text
        [] -> ""
      end

    if byte_size(previous) < @output_limit do
      text = previous <> output
      text = if byte_size(text) > @output_limit, do: binary_part(text, 0, @output_limit), else: text
      :ets.insert(:sandbox_judge_tests, {{:output, name}, text})
    end
  end

  def output_of(name) do
    case :ets.whereis(:sandbox_judge_tests) do
      :undefined ->
        nil

      _ ->
        case :ets.lookup(:sandbox_judge_tests, {:output, name}) do
          [{_, text}] -> String.replace_invalid(text)
          [] -> nil
        end
    end
  end

  # ---- in the harness's main process ----------------------------------------------------------

  def init(state), do: Map.merge(state, %{pending: %{}, next_id: 0, callers: %{}})

  def request(state, from, tag, payload) do
    id = state.next_id + 1
    {caller, state} = caller_id(state, from)
    Sandbox.Harness.emit_frame(state, ["{\"t\":\"call\",\"id\":", Integer.to_string(id), ",\"c\":", Integer.to_string(caller), ",\"d\":\"", payload, "\"}\n"])
    %{state | next_id: id, pending: Map.put(state.pending, id, {from, tag})}
  end

  def reset(state) do
    Sandbox.Harness.emit_frame(state, "{\"t\":\"reset\"}\n")
    state
  end

  defp caller_id(state, pid) do
    case state.callers do
      %{^pid => id} ->
        {id, state}

      callers ->
        id = map_size(callers) + 1
        {id, %{state | callers: Map.put(callers, pid, id)}}
    end
  end

  def answered(state, id, message) do
    case Map.pop(state.pending, id) do
      {nil, _} ->
        state

      {{from, tag}, pending} ->
        send(from, {tag, message})
        %{state | pending: pending}
    end
  end

  # The learner's code called a fun the tests gave it: run it here, in a process of its own, and
  # send back what it returned or raised.
  def run_callback(state, id, fun_id, payload) do
    harness = self()

    spawn(fn ->
      reply =
        with {:ok, binary} <- Base.decode64(payload),
             {:ok, args} when is_list(args) <- Sandbox.Wire.judge_in(binary, &call_fun/2),
             [{_, fun}] when is_function(fun, length(args)) <- :ets.lookup(Sandbox.Wire.judge_table(), {:term, fun_id}) do
          try do
            {:ok, apply(fun, args)}
          rescue
            exception -> {:raise, exception}
          catch
            :throw, value -> {:throw, value}
            :exit, reason -> {:exit, reason}
          end
        else
          _ -> {:raise, %ArgumentError{message: "the program called back a function the tests never gave it"}}
        end

      send(harness, {:sandbox, {:callback_done, id, Sandbox.Wire.to_b64(Sandbox.Wire.judge_out(reply))}})
    end)

    state
  end

  def forward(state, jpid_id, payload) do
    with {:ok, binary} <- Base.decode64(payload),
         {:ok, message} <- Sandbox.Wire.judge_in(binary, &call_fun/2),
         [{_, pid}] when is_pid(pid) <- :ets.lookup(Sandbox.Wire.judge_table(), {:term, jpid_id}) do
      send(pid, message)
    end

    state
  end
end

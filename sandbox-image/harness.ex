defmodule Sandbox.Harness do
  @moduledoc false
  # Runs one learner program inside the sandbox container and reports on the real stdout as
  # newline-delimited JSON frames:
  #   {"t":"ready"}                          booted, waiting for the request on stdin
  #   {"t":"out"|"err","d":<base64>}         the program wrote to stdout / stderr
  #   {"t":"result","status":...}            exactly once, then the VM halts
  # Request on stdin: one JSON header line ({"timeoutMs":N}), then the source until EOF.

  @file_name "main.exs"
  @default_timeout_ms 5_000
  @stream_limit 65_536

  def main do
    real_stdout = Process.group_leader()
    harness = self()
    out = spawn_link(fn -> capture_loop(real_stdout, harness, "out", 0) end)
    err = spawn_link(fn -> capture_loop(real_stdout, harness, "err", 0) end)
    redirect_standard_error(err)
    redirect_logger(out)

    emit(real_stdout, %{t: "ready"})
    {timeout_ms, code} = read_request()

    {evaluator, ref} = spawn_monitor(fn -> evaluate(code, out, harness) end)

    result =
      receive do
        {:evaluated, ^evaluator, result} -> result
        {:output_limit, _stream} -> %{status: "output_limit", truncated: true}
        {:DOWN, ^ref, :process, _, reason} -> exit_result(reason)
      after
        timeout_ms -> %{status: "timeout"}
      end

    if result.status in ["ok", "compile_error", "runtime_error"], do: flush_logger()
    emit(real_stdout, Map.put(result, :t, "result"))
    System.halt(0)
  end

  defp read_request do
    header = IO.read(:stdio, :line)

    timeout_ms =
      with line when is_binary(line) <- header,
           {:ok, %{"timeoutMs" => ms}} when is_integer(ms) and ms > 0 <- JSON.decode(line) do
        ms
      else
        _ -> @default_timeout_ms
      end

    case IO.read(:stdio, :eof) do
      code when is_binary(code) -> {timeout_ms, code}
      _ -> {timeout_ms, ""}
    end
  end

  defp emit(device, frame), do: IO.write(device, [JSON.encode!(frame), ?\n])

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

  defp flush_logger do
    task = Task.async(fn -> catch_all(fn -> :logger_std_h.filesync(:default) end) end)
    Task.yield(task, 500) || Task.shutdown(task, :brutal_kill)
  end

  defp catch_all(fun) do
    fun.()
  catch
    _, _ -> :error
  end

  defp evaluate(code, out, harness) do
    Process.group_leader(self(), out)

    {outcome, diagnostics} =
      Code.with_diagnostics([log: true], fn ->
        try do
          Code.eval_string(code, [], file: @file_name)
          :ok
        catch
          kind, reason -> {kind, reason, __STACKTRACE__}
        end
      end)

    send(harness, {:evaluated, self(), classify(outcome, diagnostics)})
  end

  defp classify(:ok, _diagnostics), do: %{status: "ok"}
  defp classify({:exit, :normal, _}, _diagnostics), do: %{status: "ok"}

  defp classify({:error, %CompileError{} = error, _}, diagnostics) do
    case Enum.find(diagnostics, &(&1.severity == :error)) do
      %{message: message, position: position} ->
        compile_error(message, position_line(position))

      nil ->
        compile_error(Exception.message(error), positive(error.line))
    end
  end

  defp classify({:error, %kind{} = error, _}, _diagnostics)
       when kind in [SyntaxError, TokenMissingError, MismatchedDelimiterError] do
    compile_error(Exception.message(error), positive(error.line))
  end

  defp classify({kind, reason, stacktrace}, _diagnostics) do
    runtime_error(kind, reason, stacktrace)
  end

  defp exit_result({reason, stacktrace}) when is_exception(reason) and is_list(stacktrace),
    do: runtime_error(:error, reason, stacktrace)

  defp exit_result(reason), do: runtime_error(:exit, reason, [])

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

  @text_limit 8_192

  defp printable(text) when byte_size(text) > @text_limit,
    do: String.replace_invalid(binary_part(text, 0, @text_limit)) <> "…"

  defp printable(text), do: String.replace_invalid(text)

  # An I/O server (Erlang I/O protocol) that forwards writes as base64 frames. Reads get :eof.
  # Past the byte limit it drops the rest, tells the harness, and leaves the writer waiting.
  defp capture_loop(real_stdout, harness, stream, used) do
    receive do
      {:io_request, from, reply_as, request} when used <= @stream_limit ->
        {reply, used} = handle_request(request, real_stdout, harness, stream, used)
        if used <= @stream_limit, do: send(from, {:io_reply, reply_as, reply})
        capture_loop(real_stdout, harness, stream, used)

      _ ->
        capture_loop(real_stdout, harness, stream, used)
    end
  end

  defp handle_request({:requests, requests}, real_stdout, harness, stream, used) do
    Enum.reduce_while(requests, {:ok, used}, fn request, {_, used} ->
      case handle_request(request, real_stdout, harness, stream, used) do
        {:ok, used} -> {:cont, {:ok, used}}
        other -> {:halt, other}
      end
    end)
  end

  defp handle_request(request, real_stdout, harness, stream, used) do
    case chars(request) do
      {:ok, data} -> {:ok, write(data, real_stdout, harness, stream, used)}
      :not_output -> {control_reply(request), used}
    end
  catch
    _, _ -> {{:error, :put_chars}, used}
  end

  defp chars({:put_chars, :unicode, data}) when is_binary(data), do: {:ok, data}
  defp chars({:put_chars, :unicode, data}), do: {:ok, :unicode.characters_to_binary(data)}
  defp chars({:put_chars, :latin1, data}), do: {:ok, IO.iodata_to_binary(data)}
  defp chars({:put_chars, data}), do: {:ok, IO.iodata_to_binary(data)}
  defp chars({:put_chars, enc, m, f, a}), do: chars({:put_chars, enc, apply(m, f, a)})
  defp chars({:put_chars, m, f, a}), do: chars({:put_chars, :latin1, apply(m, f, a)})
  defp chars(_), do: :not_output

  defp control_reply(:getopts), do: [binary: true, encoding: :unicode]
  defp control_reply({:setopts, _}), do: :ok
  defp control_reply({:get_chars, _, _}), do: :eof
  defp control_reply({:get_chars, _, _, _}), do: :eof
  defp control_reply({:get_line, _}), do: :eof
  defp control_reply({:get_line, _, _}), do: :eof
  defp control_reply({:get_until, _, _, _, _}), do: :eof
  defp control_reply({:get_until, _, _, _, _, _}), do: :eof
  defp control_reply(_), do: {:error, :enotsup}

  defp write(data, real_stdout, harness, stream, used) when is_binary(data) do
    room = max(@stream_limit - used, 0)
    kept = binary_part(data, 0, min(byte_size(data), room))
    if kept != "", do: emit(real_stdout, %{t: stream, d: Base.encode64(kept)})
    if byte_size(data) > room, do: send(harness, {:output_limit, stream})
    used + byte_size(data)
  end
end

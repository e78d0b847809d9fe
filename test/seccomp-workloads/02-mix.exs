require Logger
defmodule Greeter do
  def hello(name), do: "Hello, #{name}!"
end
IO.puts Greeter.hello("Ada")
IO.puts :stderr, "to stderr"
Logger.info("logged")
t = Task.async(fn -> Enum.sum(1..1000) end)
IO.inspect Task.await(t)
IO.inspect Task.async_stream(1..20, &(&1 * 2), max_concurrency: 4) |> Enum.to_list() |> length()
{:ok, a} = Agent.start_link(fn -> 0 end)
Agent.update(a, &(&1 + 1))
tab = :ets.new(:t, [:set])
:ets.insert(tab, {:a, 1})
IO.inspect :ets.lookup(tab, :a)
:timer.sleep(50)
Process.send_after(self(), :tick, 10)
receive do :tick -> :ok end
IO.inspect DateTime.utc_now().year > 2000
IO.inspect :rand.uniform(10) > 0
IO.inspect :crypto.strong_rand_bytes(4) |> byte_size()
IO.inspect System.monotonic_time() |> is_integer()
IO.inspect :os.type()
IO.inspect File.ls!("/proc/self") |> length() > 0
IO.inspect :inet.getifaddrs() |> elem(0)
IO.inspect File.read!("/proc/self/status") |> String.length() > 0
IO.inspect File.read!("/proc/self/mounts") |> String.length() > 0
File.write!("/tmp/a", "x")
IO.inspect File.read!("/tmp/a")
IO.inspect File.stat!("/tmp/a").size
File.mkdir_p!("/tmp/d/e")
File.cp!("/tmp/a", "/tmp/d/b")
File.rename!("/tmp/d/b", "/tmp/d/c")
IO.inspect File.ls!("/tmp/d")
File.rm_rf!("/tmp/d")
{:ok, f} = File.open("/tmp/s", [:write, :utf8])
IO.write(f, "line\n")
File.close(f)
IO.inspect File.stream!("/tmp/s") |> Enum.to_list()
IO.inspect File.exists?("/nope")
IO.inspect File.write("/fill", "x")
IO.inspect System.get_env("HOME")
IO.inspect String.upcase("élan") 
IO.inspect :io_lib.format("~p", [{1, 2}]) |> IO.iodata_to_binary()
IO.inspect Regex.run(~r/a(b)/, "ab")
IO.inspect :erlang.term_to_binary(%{a: 1}) |> :erlang.binary_to_term()
IO.inspect :zlib.compress("aaaa") |> :zlib.uncompress()
IO.inspect Code.eval_string("1 + 2")
IO.inspect Base.encode64("x")
:gen_tcp.listen(0, [:binary, active: false, ip: {127, 0, 0, 1}]) |> case do
  {:ok, l} ->
    {:ok, port} = :inet.port(l)
    spawn(fn -> {:ok, s} = :gen_tcp.accept(l); {:ok, d} = :gen_tcp.recv(s, 0); :gen_tcp.send(s, d) end)
    {:ok, c} = :gen_tcp.connect({127, 0, 0, 1}, port, [:binary, active: false])
    :gen_tcp.send(c, "ping")
    IO.inspect :gen_tcp.recv(c, 0)
  other -> IO.inspect other
end
{:ok, u} = :gen_udp.open(0, [:binary, ip: {127, 0, 0, 1}])
:gen_udp.close(u)
IO.inspect :inet.gethostname()
IO.inspect :inet.gethostbyname(~c"localhost")
stdout = Port.open({:fd, 0, 1}, [:out, :binary])
Port.command(stdout, "raw\n")
IO.binwrite(<<255, 254, ?o, ?k, 10>>)
IO.inspect :erlang.memory(:total) > 0
IO.inspect :erlang.statistics(:runtime)
IO.inspect :os.getpid()
IO.inspect System.schedulers_online()
IO.inspect :erlang.system_info(:process_count)
spawn(fn -> raise "in a process" end)
Process.sleep(50)

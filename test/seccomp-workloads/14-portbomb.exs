exe = Path.wildcard("/usr/lib/erlang/erts-*/bin/inet_gethost") |> hd()
for _ <- 1..500, do: Port.open({:spawn_executable, exe}, [:binary])
IO.puts "not reached"

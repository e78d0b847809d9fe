for pid <- Process.list(), pid != self(), do: Process.exit(pid, :kill)
Process.sleep(:infinity)

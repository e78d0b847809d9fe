IO.puts "waiting"
Process.sleep(:infinity)

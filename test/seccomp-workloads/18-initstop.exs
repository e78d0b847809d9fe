IO.puts 1
:init.stop()
Process.sleep(:infinity)

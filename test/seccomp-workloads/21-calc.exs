defmodule Calc do
  def add(a, b), do: a + b
  def div(a, b), do: a / b
end
IO.puts "loaded"

defmodule M do
  def f(x), do: 1 / x
end
M.f(0)
